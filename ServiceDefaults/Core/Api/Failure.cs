namespace ServiceDefaults.Api;

/// <summary>An operation that did not happen, and why, in words a client can show.</summary>
public sealed record Failure(FailureKind Kind, string Title, string? Detail = null, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    /// <summary>For <see cref="FailureKind.TooManyRequests"/>: how long the client should wait (the Retry-After header).</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static Failure NotFound(string title) => new(FailureKind.NotFound, title);

    public static readonly Failure Stale = new(FailureKind.Stale, "The resource has changed.",
        "If-Match does not name the current version (ETag). Read the resource again and reapply your change.");

    public static readonly Failure ConcurrentChange = new(FailureKind.ConcurrentChange, "The resource was modified concurrently.",
        "Another request changed it at the same time. Read it again and retry.");

    public static Failure Conflict(string title, string? detail = null) => new(FailureKind.Conflict, title, detail);

    public static Failure Forbidden(string title, string? detail = null) => new(FailureKind.Forbidden, title, detail);

    /// <summary>A conflict with the resources' state, naming the offending fields (409 with <c>errors</c>).</summary>
    public static Failure Conflict(string title, string detail, IReadOnlyDictionary<string, string[]> errors) =>
        new(FailureKind.Conflict, title, detail, errors);

    public static Failure TooManyRequests(string title, string detail, TimeSpan retryAfter) =>
        new(FailureKind.TooManyRequests, title, detail) { RetryAfter = retryAfter };

    public static Failure Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(FailureKind.Invalid, "Some fields are invalid.", Errors: errors);

    public static Failure Invalid(string title, IReadOnlyDictionary<string, string[]> errors) =>
        new(FailureKind.Invalid, title, Errors: errors);
}

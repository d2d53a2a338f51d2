namespace ServiceDefaults.Api;

/// <summary>Why an operation did not happen, in domain terms; <see cref="OutcomeResults"/> gives each its HTTP status.</summary>
public enum FailureKind
{
    /// <summary>No such resource, or not one the caller may see (404).</summary>
    NotFound,

    /// <summary>The client's copy is outdated: it named another version than the current one (412).</summary>
    Stale,

    /// <summary>Another write changed the resource at the same time (412 if the client sent If-Match, else 409).</summary>
    ConcurrentChange,

    /// <summary>The resource's state or another resource forbids the change (409).</summary>
    Conflict,

    /// <summary>The request's values break a rule, field by field (400).</summary>
    Invalid,

    /// <summary>The caller may see the resource but not do this (403).</summary>
    Forbidden,

    /// <summary>The caller went over a limit; <see cref="Failure.RetryAfter"/> says when to try again (429).</summary>
    TooManyRequests,
}

namespace ServiceDefaults.Api;

/// <summary>
/// What an operation on a versioned resource came to: the resource and its version (the ETag's source), or a
/// <see cref="Api.Failure"/>. Application code returns it; <see cref="OutcomeResults"/> alone turns it into HTTP.
/// </summary>
public readonly record struct Outcome<T>
{
    /// <summary>Done: the resource at <paramref name="version"/>.</summary>
    public Outcome(T value, uint version)
    {
        Value = value;
        Version = version;
    }

    private Outcome(Failure failure) => Failure = failure;

    public T? Value { get; }

    public uint Version { get; }

    public Failure? Failure { get; }

    public static implicit operator Outcome<T>(Failure failure) => new(failure);
}

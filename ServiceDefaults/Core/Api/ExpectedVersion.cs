namespace ServiceDefaults.Api;

/// <summary>
/// The version a writer expects to change (from <c>If-Match</c>): <see cref="Any"/> when the client named none.
/// A write whose expectation fails is <see cref="Failure.Stale"/>: no lost updates.
/// </summary>
public sealed class ExpectedVersion
{
    private readonly Func<uint, bool> _allows;

    private ExpectedVersion(bool isGiven, Func<uint, bool> allows)
    {
        IsGiven = isGiven;
        _allows = allows;
    }

    /// <summary>No expectation: the write applies to whatever version is current.</summary>
    public static ExpectedVersion Any { get; } = new(false, _ => true);

    /// <summary>True when the client named the version(s) it expects.</summary>
    public bool IsGiven { get; }

    public static ExpectedVersion Matching(Func<uint, bool> allows) => new(true, allows);

    public bool Allows(uint version) => _allows(version);
}

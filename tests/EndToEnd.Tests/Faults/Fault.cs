namespace EndToEnd.Tests.Faults;

/// <param name="DuplicatesTolerated">
/// Second copies a fault may cause: only a crash of the sender itself can fall between the SMTP server's 250 and
/// the worker's commit (RFC 1047), and at most once per send in flight.
/// </param>
public sealed record Fault(string Name, string Resource, Blow Blow, TimeSpan Down, int DuplicatesTolerated = 0)
{
    /// <summary>Stopping the catcher may lose what it had just accepted: its loss, after its 250, not ours.</summary>
    public bool StopsTheCatcher => Resource == "mail";

    public override string ToString() => Name;
}

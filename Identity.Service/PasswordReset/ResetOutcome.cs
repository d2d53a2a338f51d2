namespace Identity.Service.PasswordReset;

/// <summary>What a reset came to: done, a link that is not usable (unknown, expired or used), or the new password's problems.</summary>
public sealed record ResetOutcome(IReadOnlyList<string> PasswordProblems, bool LinkUsable = true)
{
    public static readonly ResetOutcome Done = new([]);

    public static readonly ResetOutcome LinkNotUsable = new([], LinkUsable: false);

    public bool Succeeded => LinkUsable && PasswordProblems.Count == 0;
}

namespace Identity.Service.EmailChange;

/// <summary>What following an email-change link did.</summary>
public enum EmailChangeOutcome
{
    Changed,

    /// <summary>Unknown, expired or already used.</summary>
    LinkNotUsable,

    /// <summary>Another account took the address after the link was sent; the account keeps its address.</summary>
    AddressTaken,
}

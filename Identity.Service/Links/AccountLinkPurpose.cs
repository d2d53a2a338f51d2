namespace Identity.Service.Links;

/// <summary>What an emailed link lets its holder do, once. Stored by name.</summary>
public enum AccountLinkPurpose
{
    VerifyEmail,
    ResetPassword,

    /// <summary>Proves a new address before it replaces the account's (the link's Email is the new address).</summary>
    ChangeEmail,
}

namespace Identity.Service.Links;

/// <summary>What an emailed link lets its holder do, once. Stored by name.</summary>
public enum AccountLinkPurpose
{
    VerifyEmail,
    ResetPassword,
}

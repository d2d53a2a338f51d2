namespace Notifications.Worker.AccountEmails;

/// <summary>Which account email. Stored by name in the ledger; <see cref="AccountEmailKindNames"/> holds the stable keys.</summary>
public enum AccountEmailKind
{
    VerifyEmail,
    ResetPassword,
    RegistrationAttempted,

    /// <summary>To the previous address, after the account's address changed.</summary>
    EmailChanged,
}

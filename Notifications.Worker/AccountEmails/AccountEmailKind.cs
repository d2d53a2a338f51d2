namespace Notifications.Worker.AccountEmails;

/// <summary>Which account email. Stored by name in the ledger; <see cref="AccountEmailKindNames"/> holds the stable keys.</summary>
public enum AccountEmailKind
{
    VerifyEmail,
    ResetPassword,
    RegistrationAttempted,
}

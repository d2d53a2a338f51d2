namespace Notifications.Worker.AccountEmails;

/// <summary>The stable names of each kind: the Message-ID's prefix and the metrics' email.type. Never change one.</summary>
public static class AccountEmailKindNames
{
    public static string Key(this AccountEmailKind kind) => kind switch
    {
        AccountEmailKind.VerifyEmail => "account-verify-email",
        AccountEmailKind.ResetPassword => "account-reset-password",
        AccountEmailKind.RegistrationAttempted => "account-registration-attempted",
        AccountEmailKind.EmailChanged => "account-email-changed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static string MetricType(this AccountEmailKind kind) => kind switch
    {
        AccountEmailKind.VerifyEmail => "account_verify_email",
        AccountEmailKind.ResetPassword => "account_reset_password",
        AccountEmailKind.RegistrationAttempted => "account_registration_attempted",
        AccountEmailKind.EmailChanged => "account_email_changed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

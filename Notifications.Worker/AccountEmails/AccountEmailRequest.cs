using Notifications.Worker.Accounts;

namespace Notifications.Worker.AccountEmails;

/// <summary>
/// What any account email needs, from whichever event asked for it. <see cref="EmailId"/> is the once-only key: the
/// link's id for a link email (one email per link), the event's id otherwise.
/// </summary>
public sealed record AccountEmailRequest(
    Guid EmailId,
    Guid EventId,
    AccountEmailKind Kind,
    Guid AccountId,
    string Email,
    string DisplayName,
    string Url,
    string? SecondaryUrl,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset OccurredAt,
    string? TraceParent)
{
    public static AccountEmailRequest From(EmailVerificationRequested e) =>
        new(e.LinkId, e.EventId, AccountEmailKind.VerifyEmail, e.AccountId, e.Email, e.DisplayName, e.VerifyUrl, null, e.ExpiresAt, e.RequestedAt, e.TraceParent);

    public static AccountEmailRequest From(PasswordResetRequested e) =>
        new(e.LinkId, e.EventId, AccountEmailKind.ResetPassword, e.AccountId, e.Email, e.DisplayName, e.ResetUrl, null, e.ExpiresAt, e.RequestedAt, e.TraceParent);

    public static AccountEmailRequest From(RegistrationAttempted e) =>
        new(e.EventId, e.EventId, AccountEmailKind.RegistrationAttempted, e.AccountId, e.Email, e.DisplayName, e.SignInUrl, e.ResetUrl, null, e.AttemptedAt, e.TraceParent);

    public static AccountEmailRequest From(AccountEmailChanged e) =>
        new(e.EventId, e.EventId, AccountEmailKind.EmailChanged, e.AccountId, e.PreviousEmail, e.DisplayName, e.SignInUrl, null, null, e.OccurredAt, e.TraceParent);

    /// <summary>An event no email can come from (a copy that lost a field, a link that is not http(s)): permanent, to the error queue.</summary>
    public void ThrowIfInvalid()
    {
        if (EmailId == Guid.Empty || !IsEmailAddress(Email) || !IsWebLink(Url) || (SecondaryUrl is not null && !IsWebLink(SecondaryUrl)))
        {
            throw new InvalidAccountEventException($"The {Kind} event {EventId} cannot be emailed: it lacks an id, an address or a web link.");
        }
    }

    private static bool IsEmailAddress(string? email) =>
        !string.IsNullOrWhiteSpace(email) && MimeKit.MailboxAddress.TryParse(email, out var mailbox) && !string.IsNullOrEmpty(mailbox.Domain)
        && mailbox.Address == email.Trim();

    private static bool IsWebLink(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}

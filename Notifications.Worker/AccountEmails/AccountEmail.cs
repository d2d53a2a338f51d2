using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using Notifications.Worker.Email;
using ServiceDefaults.Telemetry;

namespace Notifications.Worker.AccountEmails;

/// <summary>Composes account emails: the link to follow, how long it works, and what to do if the person did not ask for it.</summary>
public sealed class AccountEmail(IOptions<EmailSenderOptions> options)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The same for every delivery of the same email (a duplicate that ever slips through folds into the first).</summary>
    public static string MessageIdFor(Guid emailId, AccountEmailKind kind, string senderDomain) => $"{kind.Key()}.{emailId:N}@{senderDomain}";

    public static string SubjectFor(AccountEmailKind kind) => kind switch
    {
        AccountEmailKind.VerifyEmail => "Verify your email address",
        AccountEmailKind.ResetPassword => "Reset your password",
        AccountEmailKind.RegistrationAttempted => "Someone tried to create an account with your email address",
        AccountEmailKind.EmailChanged => "Your account's email address was changed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public MimeMessage Compose(AccountEmailRequest request, string? traceId)
    {
        var sender = options.Value.Sender;
        var message = new MimeMessage
        {
            MessageId = MessageIdFor(request.EmailId, request.Kind, sender.Domain),
            Subject = SubjectFor(request.Kind),
            Date = request.OccurredAt,
        };
        message.From.Add(sender);
        message.To.Add(new MailboxAddress(request.DisplayName, request.Email));
        message.Headers.Add("Auto-Submitted", "auto-generated"); // RFC 3834: no auto-replies
        if (traceId is not null)
        {
            message.Headers.Add(TraceHeaders.TraceId, traceId);
        }

        var paragraphs = Paragraphs(request);
        message.Body = new BodyBuilder { TextBody = PlainText(request, paragraphs), HtmlBody = Html(request, paragraphs) }.ToMessageBody();
        return message;
    }

    /// <summary>The email's sentences, each with the link it offers (if any), in order.</summary>
    private static List<(string Text, string? Link, string? LinkLabel)> Paragraphs(AccountEmailRequest request) => request.Kind switch
    {
        AccountEmailKind.VerifyEmail =>
        [
            ("Please confirm that this is your email address by following this link:", request.Url, "Verify my email address"),
            ($"The link works once, until {When(request.ExpiresAt)}.", null, null),
            ("If you did not create an account, ignore this email: nothing happens without the link.", null, null),
        ],
        AccountEmailKind.ResetPassword =>
        [
            ("Someone, probably you, asked to reset the password of your account. To choose a new one, follow this link:", request.Url, "Choose a new password"),
            ($"The link works once, until {When(request.ExpiresAt)}. Choosing a new password signs your account out everywhere.", null, null),
            ("If you did not ask for this, ignore this email: your password stays as it is.", null, null),
        ],
        AccountEmailKind.RegistrationAttempted =>
        [
            ("Someone tried to create an account with your email address, which already has one. No new account was created.", null, null),
            ("If it was you, sign in instead:", request.Url, "Sign in"),
            ("If you forgot your password, you can reset it:", request.SecondaryUrl, "Reset my password"),
            ("If it was not you, you need not do anything.", null, null),
        ],
        AccountEmailKind.EmailChanged =>
        [
            ("The email address of your account was changed, after the new address was confirmed. Emails about your account and your orders now go there, and you sign in with it.", null, null),
            ("If you made this change, you need not do anything.", null, null),
            ("If you did not, someone else may be using your account: sign in and change your password if you still can, and contact the shop's support at once.", request.Url, "Sign in"),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(request), request.Kind, null),
    };

    private static string PlainText(AccountEmailRequest request, List<(string Text, string? Link, string? LinkLabel)> paragraphs)
    {
        var text = new StringBuilder();
        text.Append(Invariant, $"Hello {request.DisplayName},\n\n");
        foreach (var (sentence, link, _) in paragraphs)
        {
            text.Append(Invariant, $"{sentence}\n");
            if (link is not null)
            {
                text.Append(Invariant, $"\n{link}\n");
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Html(AccountEmailRequest request, List<(string Text, string? Link, string? LinkLabel)> paragraphs)
    {
        static string E(string text) => WebUtility.HtmlEncode(text);

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html><body style=\"font-family: sans-serif; color: #222\">\n");
        html.Append(Invariant, $"<p>Hello {E(request.DisplayName)},</p>\n");
        foreach (var (sentence, link, label) in paragraphs)
        {
            html.Append(Invariant, $"<p>{E(sentence)}");
            if (link is not null)
            {
                html.Append(Invariant, $"<br>\n<a href=\"{E(link)}\">{E(label ?? link)}</a>");
            }

            html.Append("</p>\n");
        }

        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static string When(DateTimeOffset? at) => at?.ToUniversalTime().ToString("dddd d MMMM yyyy, HH:mm 'UTC'", Invariant) ?? "";
}

using MailKit.Net.Smtp;

namespace Notifications.Worker.OrderEmails;

/// <summary>Which failures are worth retrying.</summary>
public static class DeliveryFailures
{
    /// <summary>
    /// Permanent: the server refused this message for good (5xx reply to MAIL FROM, RCPT TO or DATA, such as
    /// 550 mailbox unavailable), or the event cannot be turned into an email. Everything else (connection refused,
    /// 4xx, timeouts, TLS or authentication trouble, the database) is transient.
    /// </summary>
    public static bool IsPermanent(Exception exception) => exception switch
    {
        InvalidOrderEventException or AccountEmails.InvalidAccountEventException => true,
        SmtpCommandException smtp => (int)smtp.StatusCode >= 500
            && smtp.ErrorCode is SmtpErrorCode.SenderNotAccepted or SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted,
        _ => false,
    };
}

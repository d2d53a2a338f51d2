using MailKit.Net.Smtp;

namespace Notifications.Worker.Email;

/// <summary>An open, authenticated SMTP session.</summary>
internal sealed class SmtpSession(SmtpClient client)
{
    public SmtpClient Client { get; } = client;

    public int Messages { get; set; }

    public long IdleSince { get; set; }
}

using MimeKit;

namespace Notifications.Worker.Email;

/// <summary>Who our emails come from ("Email:From", e.g. "Shop &lt;orders@shop.example&gt;").</summary>
public sealed class EmailSenderOptions
{
    public const string SectionName = "Email";

    public string From { get; set; } = "";

    public bool TryGetSender(out MailboxAddress sender)
    {
        sender = null!;
        if (MailboxAddress.TryParse(From, out var parsed) && parsed.Domain is { Length: > 0 })
        {
            sender = parsed;
            return true;
        }

        return false;
    }

    public MailboxAddress Sender => TryGetSender(out var sender) ? sender : throw new InvalidOperationException($"{SectionName}:From is not a mailbox.");
}

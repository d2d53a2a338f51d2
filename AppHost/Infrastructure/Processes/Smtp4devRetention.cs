using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace AppHost.Infrastructure.Processes;

/// <summary>
/// How much the mail catcher keeps: the latest emails, enough for any test's or developer's look back. smtp4dev's CPU
/// per email grows with what it keeps (it sorts all of it after every message), so the benchmark keeps fewer:
/// setting <c>Infra:Mail:MessagesToKeep</c> (docs/benchmarks.md says how many).
/// </summary>
public sealed record Smtp4devRetention(int Messages, int Sessions)
{
    public const string MessagesKey = "Infra:Mail:MessagesToKeep";

    public static Smtp4devRetention From(IConfiguration configuration)
    {
        var messages = configuration.GetValue(MessagesKey, 1000);
        return messages > 0
            ? new Smtp4devRetention(messages, Math.Max(10, messages / 10))
            : throw new InvalidOperationException($"{MessagesKey} must be a positive number of emails, not {messages}.");
    }

    public string MessagesText => Messages.ToString(CultureInfo.InvariantCulture);

    public string SessionsText => Sessions.ToString(CultureInfo.InvariantCulture);
}

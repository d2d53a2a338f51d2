using System.Net.Http.Json;
using System.Text.Json.Serialization;
using MimeKit;

namespace Backend.Testing;

/// <summary>The emails the SMTP catcher (smtp4dev, resource "mail") received, read through its HTTP API.</summary>
public sealed class Mailbox(Uri smtp4devApi) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = smtp4devApi, Timeout = TimeSpan.FromSeconds(30) };

    public static Mailbox Of(BackendApp app) => new(app.Endpoint("mail", "http"));

    /// <summary>Every email sent to <paramref name="recipient"/>, parsed from its raw MIME.</summary>
    public Task<IReadOnlyList<MimeMessage>> EmailsToAsync(string recipient, CancellationToken ct = default) => EmailsToAsync(recipient, null, ct);

    /// <summary>
    /// Every email sent to <paramref name="recipient"/>, parsed from its raw MIME; only those whose subject contains
    /// <paramref name="subjectContains"/> when given (an account's order emails, without its account emails).
    /// </summary>
    public async Task<IReadOnlyList<MimeMessage>> EmailsToAsync(string recipient, string? subjectContains, CancellationToken ct = default)
    {
        var emails = new List<MimeMessage>();
        foreach (var summary in (await SummariesAsync(recipient, ct)).Where(s => s.To.Contains(recipient, StringComparer.OrdinalIgnoreCase) && Matches(s, subjectContains)))
        {
            await using var raw = await _http.GetStreamAsync(new Uri($"api/messages/{summary.Id}/raw", UriKind.Relative), ct);
            emails.Add(await MimeMessage.LoadAsync(raw, ct));
        }

        return emails;
    }

    /// <summary>Waits until the recipient has at least <paramref name="count"/> emails, then returns them all; throws <see cref="TimeoutException"/> otherwise.</summary>
    public Task<IReadOnlyList<MimeMessage>> WaitForEmailsAsync(string recipient, int count, TimeSpan timeout, CancellationToken ct = default) =>
        WaitForEmailsAsync(recipient, count, timeout, null, ct);

    /// <summary>As <see cref="WaitForEmailsAsync(string, int, TimeSpan, CancellationToken)"/>, counting only emails whose subject contains <paramref name="subjectContains"/>.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForEmailsAsync(string recipient, int count, TimeSpan timeout, string? subjectContains,
        CancellationToken ct = default)
    {
        await Eventually.ValueAsync(async () => (await SummariesAsync(recipient, ct)).Count(s => s.To.Contains(recipient, StringComparer.OrdinalIgnoreCase) && Matches(s, subjectContains)),
            received => received >= count, timeout, $"{recipient} gets {count} email(s)", TimeSpan.FromMilliseconds(200), ct);
        return await EmailsToAsync(recipient, subjectContains, ct);
    }

    /// <summary>
    /// Waits for an email to <paramref name="recipient"/> with this subject and returns the path and query of the link
    /// to <paramref name="path"/> in the latest one (to open on the service the link names, as the person's browser would).
    /// </summary>
    public async Task<string> WaitForLinkAsync(string recipient, string subject, string path, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var emails = await WaitForEmailsAsync(recipient, 1, timeout ?? TimeSpan.FromSeconds(30), subject, ct);
        return System.Text.RegularExpressions.Regex.Matches(emails[^1].TextBody ?? "", @"https?://\S+").Select(m => new Uri(m.Value))
            .First(u => u.AbsolutePath == path).PathAndQuery;
    }

    private static bool Matches(MessageSummary summary, string? subjectContains) =>
        subjectContains is null || (summary.Subject ?? "").Contains(subjectContains, StringComparison.Ordinal);

    /// <summary>The subject and arrival time (the catcher's clock, this machine's) of every email to <paramref name="recipient"/>.</summary>
    public async Task<IReadOnlyList<(string Subject, DateTimeOffset ReceivedAt)>> DeliveriesToAsync(string recipient, CancellationToken ct = default) =>
        [.. (await SummariesAsync(recipient, ct))
            .Where(s => s.To.Contains(recipient, StringComparer.OrdinalIgnoreCase))
            .Select(s => (s.Subject ?? "", s.ReceivedDate))];

    /// <summary>How many emails each recipient got (one API call, searching a domain or a prefix they share).</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountByRecipientAsync(IEnumerable<string> recipients, string commonTerm, CancellationToken ct = default)
    {
        var all = await SummariesAsync(commonTerm, ct);
        return recipients.ToDictionary(r => r, r => all.Count(s => s.To.Contains(r, StringComparer.OrdinalIgnoreCase)), StringComparer.OrdinalIgnoreCase);
    }

    private async Task<IReadOnlyList<MessageSummary>> SummariesAsync(string searchTerms, CancellationToken ct)
    {
        var page = await _http.GetFromJsonAsync<MessagePage>(new Uri(
            $"api/messages?searchTerms={Uri.EscapeDataString(searchTerms)}&pageSize=5000&sortColumn=receivedDate&sortIsDescending=false", UriKind.Relative), ct);
        return page?.Results ?? [];
    }

    public void Dispose() => _http.Dispose();

    private sealed record MessagePage([property: JsonPropertyName("results")] IReadOnlyList<MessageSummary> Results);

    private sealed record MessageSummary(
        [property: JsonPropertyName("id")] Guid Id,
        [property: JsonPropertyName("to")] IReadOnlyList<string> To,
        [property: JsonPropertyName("subject")] string? Subject,
        [property: JsonPropertyName("receivedDate")] DateTimeOffset ReceivedDate);
}

using System.Net.Http.Json;
using System.Text.Json.Serialization;
using MimeKit;

namespace Notifications.Worker.Tests.Support;

/// <summary>The emails smtp4dev (the "mail" resource) received, through its HTTP API, as a person sees them in its web UI.</summary>
public sealed class Smtp4devMailbox(Uri api) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The emails sent to <paramref name="recipient"/>, as received (raw MIME, parsed).</summary>
    public async Task<IReadOnlyList<MimeMessage>> EmailsToAsync(string recipient, CancellationToken cancellationToken)
    {
        var summaries = await SummariesAsync(recipient, cancellationToken);
        var emails = new List<MimeMessage>();
        foreach (var summary in summaries.Where(s => s.To.Contains(recipient, StringComparer.OrdinalIgnoreCase)))
        {
            await using var raw = await _http.GetStreamAsync($"api/messages/{summary.Id}/raw", cancellationToken);
            emails.Add(await MimeMessage.LoadAsync(raw, cancellationToken));
        }

        return emails;
    }

    /// <summary>Waits until at least <paramref name="count"/> emails reached the recipient, then returns them all.</summary>
    public async Task<IReadOnlyList<MimeMessage>> WaitForEmailsAsync(string recipient, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var summaries = await SummariesAsync(recipient, cancellationToken);
            if (summaries.Count(s => s.To.Contains(recipient, StringComparer.OrdinalIgnoreCase)) >= count)
            {
                return await EmailsToAsync(recipient, cancellationToken);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{recipient} did not get {count} email(s) within {timeout}.");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>How many emails each recipient got (one API call for many recipients).</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountByRecipientAsync(IEnumerable<string> recipients, string commonDomain, CancellationToken cancellationToken)
    {
        var all = await SummariesAsync(commonDomain, cancellationToken);
        return recipients.ToDictionary(r => r, r => all.Count(s => s.To.Contains(r, StringComparer.OrdinalIgnoreCase)), StringComparer.OrdinalIgnoreCase);
    }

    private async Task<IReadOnlyList<MessageSummary>> SummariesAsync(string searchTerms, CancellationToken cancellationToken)
    {
        var page = await _http.GetFromJsonAsync<MessagePage>(
            $"api/messages?searchTerms={Uri.EscapeDataString(searchTerms)}&pageSize=5000&sortColumn=receivedDate&sortIsDescending=false", cancellationToken);
        return page?.Results ?? [];
    }

    public void Dispose() => _http.Dispose();

    private sealed record MessagePage([property: JsonPropertyName("results")] IReadOnlyList<MessageSummary> Results);

    private sealed record MessageSummary(
        [property: JsonPropertyName("id")] Guid Id,
        [property: JsonPropertyName("to")] IReadOnlyList<string> To,
        [property: JsonPropertyName("subject")] string? Subject);
}

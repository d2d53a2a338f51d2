using System.Globalization;
using System.Text;

namespace EndToEnd.Tests.Hostile;

/// <summary>The printed summary of a barrage: counts by status, by category, by response format; protocol-level rejections; violations.</summary>
internal static class HostileReport
{
    public static string Render(IReadOnlyList<(Outcome Outcome, Verdict Verdict)> judged, TimeSpan elapsed, int retried)
    {
        var text = new StringBuilder();
        var replies = judged.SelectMany(j => j.Outcome.Replies).ToList();
        var raw = judged.Count(j => j.Outcome.Probe.Raw is not null);
        text.AppendLine(Invariant($"Hostile input: {judged.Count} requests ({raw} over raw sockets), {replies.Count} responses, in {elapsed.TotalSeconds:0.0} s ({judged.Count / elapsed.TotalSeconds:0} requests/s)"));

        text.AppendLine();
        text.AppendLine("Responses by status code:");
        foreach (var group in replies.GroupBy(r => r.Status).OrderBy(g => g.Key))
        {
            text.AppendLine(Invariant($"  {group.Key,5}  {group.Count(),6}"));
        }

        text.AppendLine(Invariant($"  {"none",5}  {judged.Count(j => j.Verdict.Kind == Verdict.NoResponse),6}   (connection closed without a response)"));
        text.AppendLine(Invariant($"  ({retried} requests met a keep-alive connection the server had just closed and were sent again on a new one)"));

        text.AppendLine();
        text.AppendLine(Invariant($"  {"category",-20} {"requests",8} {"2xx",6} {"3xx",6} {"4xx",6} {"5xx",6} {"protocol",8} {"none",6}"));
        foreach (var group in judged.GroupBy(j => j.Outcome.Probe.Category).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var statuses = group.SelectMany(j => j.Outcome.Replies.Select(r => (r.Status, j.Verdict.Kind))).ToList();
            text.AppendLine(Invariant(
                $"  {group.Key,-20} {group.Count(),8} {statuses.Count(s => s.Status is >= 200 and < 300),6} {statuses.Count(s => s.Status is >= 300 and < 400),6} {statuses.Count(s => s.Status is >= 400 and < 500 && s.Kind != Verdict.Protocol),6} {statuses.Count(s => s.Status >= 500),6} {statuses.Count(s => s.Kind == Verdict.Protocol),8} {group.Count(j => j.Verdict.Kind == Verdict.NoResponse),6}"));
        }

        text.AppendLine();
        text.AppendLine("Error responses (4xx) by format:");
        foreach (var group in judged.Where(j => j.Outcome.Replies.Any(r => r.Status >= 400)).GroupBy(j => j.Verdict.Format).OrderByDescending(g => g.Count()))
        {
            text.AppendLine(Invariant($"  {group.Key,-28} {group.Count(),6}"));
        }

        text.AppendLine();
        text.AppendLine("Protocol-level rejections (Kestrel answered before any middleware, or closed the connection):");
        foreach (var group in judged.Where(j => j.Verdict.Kind is Verdict.Protocol or Verdict.NoResponse)
                     .GroupBy(j => $"{j.Outcome.Probe.Category}: {j.Outcome.Probe.Endpoint}")
                     .OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var answers = string.Join(", ", group.GroupBy(j => j.Verdict.Kind == Verdict.NoResponse ? j.Outcome.Error ?? "closed" : string.Join('+', j.Outcome.Replies.Select(r => r.Status)))
                .Select(g => Invariant($"{g.Key} ×{g.Count()}")));
            text.AppendLine(Invariant($"  {Shorten(group.Key, 70),-70} {answers}"));
        }

        var violations = judged.SelectMany(j => j.Verdict.Violations.Select(v => (j.Outcome, Violation: v))).ToList();
        text.AppendLine();
        text.AppendLine(Invariant($"Violations: {violations.Count}"));
        foreach (var group in violations.GroupBy(v => v.Violation.Rule).OrderByDescending(g => g.Count()))
        {
            text.AppendLine(Invariant($"  {group.Count(),6} × {group.Key}"));
            foreach (var (outcome, violation) in group.DistinctBy(v => (v.Outcome.Probe.Category, v.Outcome.Probe.Endpoint)).Take(4))
            {
                text.AppendLine("           e.g. " + Describe(outcome));
                text.AppendLine("                " + violation.Evidence.ReplaceLineEndings(" "));
            }
        }

        return text.ToString();
    }

    public static string Describe(Outcome outcome, bool headers = false)
    {
        var probe = outcome.Probe;
        var target = probe.Raw is null ? probe.Target : $"raw ({probe.Endpoint}) \"{Printable(probe.Raw)}\"";
        if (headers && probe.Raw is null)
        {
            target += string.Concat(probe.Headers.Where(h => h.Name != "Authorization").Select(h => $" [{h.Name}: {Shorten(h.Value, 60)}]"))
                + (probe.ContentType is null ? "" : $" [Content-Type: {probe.ContentType}]") + (probe.Chunked ? " [chunked]" : "")
                + (probe.Body is null ? "" : $" body({probe.Body.Length}): {Shorten(Encoding.UTF8.GetString(probe.Body), 80).ReplaceLineEndings(" ")}");
            return $"[{probe.Category}] {probe.Caller} {probe.Method} {target} -> {Statuses(outcome)}";
        }
        return $"[{probe.Category}] {probe.Caller} {probe.Method} {Shorten(target, 160)} -> {Statuses(outcome)}";
    }

    private static string? Statuses(Outcome outcome) =>
        outcome.Replies.Count == 0 ? outcome.Error : string.Join('+', outcome.Replies.Select(r => r.Status.ToString(CultureInfo.InvariantCulture)));

    private static string Printable(byte[] raw)
    {
        var text = Encoding.Latin1.GetString(raw, 0, Math.Min(raw.Length, 200));
        return string.Concat(text.Select(c => c switch
        {
            '\r' => "\\r",
            '\n' => "\\n",
            < ' ' or > '~' => $"\\x{(int)c:X2}",
            _ => c.ToString(),
        }));
    }

    public static string Shorten(string text, int length) => Safe(text.Length <= length ? text : text[..length] + "…");

    /// <summary>The text with lone surrogates (from a probe's payload, or cut in half) replaced: it must still encode as UTF-8.</summary>
    public static string Safe(string text) => string.Create(text.Length, text, (chars, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            var paired = char.IsHighSurrogate(source[i]) ? i + 1 < source.Length && char.IsLowSurrogate(source[i + 1])
                : !char.IsLowSurrogate(source[i]) || (i > 0 && char.IsHighSurrogate(source[i - 1]));
            chars[i] = paired ? source[i] : '\uFFFD';
        }
    });

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

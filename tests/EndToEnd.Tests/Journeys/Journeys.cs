using System.Net;
using Backend.Testing;

namespace EndToEnd.Tests.Journeys;

/// <summary>
/// What people and programs do with the system, through the gateway only, as they would: real pages,
/// real redirects, real tokens. Each journey asserts what its user would notice.
/// </summary>
public static class Journeys
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public const string WebRedirect = "http://localhost:5173/callback";

    /// <summary>
    /// A person registers, signs in as the web app would, reads and renames their profile, places an
    /// order (retrying the POST: still one order), lists it, and gets the confirmation email, whose trace
    /// id is the one the POST answered with.
    /// </summary>
    public static async Task<(SignedInUser Person, string OrderId)> NewCustomerOrdersAndGetsTheirEmailAsync(BackendApp app)
    {
        var gateway = app.Endpoint("gateway", "http");
        var email = TestAccounts.NewEmail("journey");
        using var browser = new OidcClient(gateway);
        using var registered = await browser.RegisterAsync(email, "Journey Person", TestAccounts.Password, Ct);
        Assert.Equal(HttpStatusCode.Found, registered.StatusCode);
        var tokens = await browser.SignInWithCodeFlowAsync("web", WebRedirect, TestAccounts.AllApiScopes, email, TestAccounts.Password, Ct);
        using var api = new ApiClient(gateway, tokens.AccessToken);

        using var me = await api.GetAsync("/api/v1/users/me", ct: Ct);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("Journey Person", (await ApiClient.ReadJsonAsync(me, Ct)).GetProperty("name").GetString());
        using var renamed = await api.SendAsync(HttpMethod.Patch, "/api/v1/users/me", """{"name":"Journey Renamed"}""", "application/merge-patch+json", ct: Ct);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        using var reread = await api.GetAsync("/api/v1/users/me", ct: Ct);
        Assert.Equal("Journey Renamed", (await ApiClient.ReadJsonAsync(reread, Ct)).GetProperty("name").GetString());

        var key = ("Idempotency-Key", Guid.NewGuid().ToString());
        var body = new { items = new[] { new { sku = "JOURNEY-1", name = "Travel mug", quantity = 2, unit_price = 14.90m }, new { sku = "JOURNEY-2", name = "Map", quantity = 1, unit_price = 7.25m } } };
        using var placed = await api.PostAsync("/api/v1/orders", body, key, Ct);
        using var retried = await api.PostAsync("/api/v1/orders", body, key, Ct);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        var order = await ApiClient.ReadJsonAsync(placed, Ct);
        var orderId = order.GetProperty("id").GetString()!;
        Assert.Equal(orderId, (await ApiClient.ReadJsonAsync(retried, Ct)).GetProperty("id").GetString());
        Assert.Equal(37.05m, order.GetProperty("total").GetDecimal());
        var postTraceId = placed.Headers.GetValues("X-Trace-Id").Single();

        using var list = await api.GetAsync("/api/v1/orders", ct: Ct);
        var listed = (await ApiClient.ReadJsonAsync(list, Ct)).GetProperty("data").EnumerateArray().Select(o => o.GetProperty("id").GetString()).ToList();
        Assert.Equal([orderId], listed);

        using var mailbox = Mailbox.Of(app);
        // Only the order's email: the account also gets one asking to verify its address.
        var emails = await mailbox.WaitForEmailsAsync(email, 1, TimeSpan.FromSeconds(30), "order", Ct);
        var confirmation = Assert.Single(emails);
        var text = confirmation.TextBody;
        Assert.Contains("Travel mug", text, StringComparison.Ordinal);
        Assert.Contains("Map", text, StringComparison.Ordinal);
        Assert.Contains("37.05", text, StringComparison.Ordinal);
        Assert.Contains(order.GetProperty("number").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), confirmation.Subject, StringComparison.Ordinal);
        Assert.Equal(postTraceId, confirmation.Headers["X-Trace-Id"]);

        var person = new SignedInUser(tokens.AccessToken, tokens.RefreshToken, Guid.Parse(OidcClient.Payload(tokens.AccessToken).GetProperty("sub").GetString()!), email, "Journey Renamed");
        return (person, orderId);
    }

    /// <summary>The mobile app: loopback redirect on a port of its choosing, refresh, and a replayed refresh token refused.</summary>
    public static async Task MobileAppSignsInRefreshesAndAReplayIsRefusedAsync(BackendApp app)
    {
        var gateway = app.Endpoint("gateway", "http");
        var email = TestAccounts.NewEmail("mobile");
        using var browser = new OidcClient(gateway);
        (await browser.RegisterAsync(email, "Mobile Person", TestAccounts.Password, Ct)).Dispose();
        var first = await browser.SignInWithCodeFlowAsync("mobile", $"http://127.0.0.1:{Random.Shared.Next(49152, 65535)}/callback",
            "openid profile email offline_access users.read orders.read orders.write", email, TestAccounts.Password, Ct);

        var refreshed = await browser.RefreshAsync("mobile", first.RefreshToken!, Ct);
        using var api = new ApiClient(gateway, refreshed.AccessToken);
        using var me = await api.GetAsync("/api/v1/users/me", ct: Ct);
        var replay = await Assert.ThrowsAsync<OAuthErrorException>(() => browser.RefreshAsync("mobile", first.RefreshToken!, Ct));

        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(email, (await ApiClient.ReadJsonAsync(me, Ct)).GetProperty("email").GetString());
        Assert.Equal("invalid_grant", replay.Error);
    }

    /// <summary>
    /// Another customer finds nothing of the first one's (404) and no admin endpoint (403); the admin sees
    /// both customers and their orders, and both are in the top-customers report.
    /// </summary>
    public static async Task CustomersAreIsolatedAndTheAdminSeesEverythingAsync(BackendApp app, SignedInUser first, string firstOrderId)
    {
        var gateway = app.Endpoint("gateway", "http");
        var second = await TestAccounts.RegisterAsync(gateway, "Second Customer", ct: Ct);
        using var other = new ApiClient(gateway, second.AccessToken);
        var secondOrder = await PlaceAsync(other, "SECOND-1", 250m);

        using var readOrder = await other.GetAsync($"/api/v1/orders/{firstOrderId}", ct: Ct);
        using var cancelOrder = await other.PostAsync($"/api/v1/orders/{firstOrderId}/cancel", new { }, ct: Ct);
        using var listOrders = await other.GetAsync($"/api/v1/orders?user_id={first.Id}", ct: Ct);
        using var readProfile = await other.GetAsync($"/api/v1/users/{first.Id}", ct: Ct);
        using var listUsers = await other.GetAsync("/api/v1/users", ct: Ct);
        using var report = await other.GetAsync("/api/v1/reports/top-customers", ct: Ct);
        await ProblemAssert.IsProblemAsync(readOrder, HttpStatusCode.NotFound, Ct);
        await ProblemAssert.IsProblemAsync(cancelOrder, HttpStatusCode.NotFound, Ct);
        await ProblemAssert.IsProblemAsync(listOrders, HttpStatusCode.Forbidden, Ct);
        await ProblemAssert.IsProblemAsync(readProfile, HttpStatusCode.NotFound, Ct);
        await ProblemAssert.IsProblemAsync(listUsers, HttpStatusCode.Forbidden, Ct);
        await ProblemAssert.IsProblemAsync(report, HttpStatusCode.Forbidden, Ct);

        var admin = await TestAccounts.SignInAdminAsync(gateway, ct: Ct);
        using var asAdmin = new ApiClient(gateway, admin.AccessToken);
        using var adminOrder = await asAdmin.GetAsync($"/api/v1/orders/{firstOrderId}", ct: Ct);
        using var adminProfile = await asAdmin.GetAsync($"/api/v1/users/{first.Id}", ct: Ct);
        Assert.Equal(HttpStatusCode.OK, adminOrder.StatusCode);
        Assert.Equal(HttpStatusCode.OK, adminProfile.StatusCode);
        var ranked = new List<string>();
        string? cursor = null;
        do
        {
            using var page = await asAdmin.GetAsync("/api/v1/reports/top-customers?min_total=1&limit=100" + (cursor is null ? "" : $"&cursor={cursor}"), ct: Ct);
            var json = await ApiClient.ReadJsonAsync(page, Ct);
            ranked.AddRange(json.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("user_id").GetString()!));
            cursor = json.TryGetProperty("next_cursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);
        Assert.Contains(first.Id.ToString(), ranked);
        Assert.Contains(second.Id.ToString(), ranked);
        Assert.True(ranked.IndexOf(second.Id.ToString()) < ranked.IndexOf(first.Id.ToString()), "250 spent ranks above 37.05");
        Assert.NotNull(secondOrder);
    }

    /// <summary>A service (client credentials) gets what its scopes allow and nothing more.</summary>
    public static async Task AServiceClientGetsOnlyWhatItsScopesAllowAsync(BackendApp app, string serviceSecret, string someOrderId)
    {
        var gateway = app.Endpoint("gateway", "http");
        using var oidc = new OidcClient(gateway);
        var tokens = await oidc.ClientCredentialsAsync("service", serviceSecret, "users.read orders.read", Ct);
        var notGranted = await Assert.ThrowsAsync<OAuthErrorException>(() => oidc.ClientCredentialsAsync("service", serviceSecret, "orders.write", Ct));
        using var api = new ApiClient(gateway, tokens.AccessToken);

        using var ownOrders = await api.GetAsync("/api/v1/orders", ct: Ct);
        using var someoneElsesOrder = await api.GetAsync($"/api/v1/orders/{someOrderId}", ct: Ct);
        using var place = await api.PostAsync("/api/v1/orders", new { items = new[] { new { sku = "S", name = "S", quantity = 1, unit_price = 1m } } }, ct: Ct);
        using var listUsers = await api.GetAsync("/api/v1/users", ct: Ct);
        using var report = await api.GetAsync("/api/v1/reports/top-customers", ct: Ct);

        Assert.Equal("invalid_request", notGranted.Error);
        Assert.Equal(HttpStatusCode.OK, ownOrders.StatusCode);
        Assert.Equal(0, (await ApiClient.ReadJsonAsync(ownOrders, Ct)).GetProperty("data").GetArrayLength());
        await ProblemAssert.IsProblemAsync(someoneElsesOrder, HttpStatusCode.NotFound, Ct);
        await ProblemAssert.IsProblemAsync(place, HttpStatusCode.Forbidden, Ct);
        await ProblemAssert.IsProblemAsync(listUsers, HttpStatusCode.Forbidden, Ct);
        await ProblemAssert.IsProblemAsync(report, HttpStatusCode.Forbidden, Ct);
    }

    public static async Task<string> PlaceAsync(ApiClient api, string sku, decimal price)
    {
        using var response = await api.PostAsync("/api/v1/orders", new { items = new[] { new { sku, name = $"Item {sku}", quantity = 1, unit_price = price } } }, ct: Ct);
        var body = await ApiClient.ReadJsonAsync(response, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("id").GetString()!;
    }
}

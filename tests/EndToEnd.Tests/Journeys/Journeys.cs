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
    /// An admin stocks the shop; a person browses the catalog without signing in and finds a product by name,
    /// registers, follows the link in the verification email, signs in as the web app would, reads and renames their
    /// profile, orders by SKU (retrying the POST:
    /// still one order, stock taken once), with names and prices the catalog's, lists the order, and gets the email
    /// saying it was received, whose trace id is the one the POST answered with.
    /// </summary>
    public static async Task<(SignedInUser Person, string OrderId)> NewCustomerOrdersAndGetsTheirEmailAsync(BackendApp app)
    {
        var gateway = app.Endpoint("gateway", "http");
        var admin = await TestAccounts.SignInAdminAsync(gateway, ct: Ct);
        using var shopkeeper = new ApiClient(gateway, admin.AccessToken);
        var word = $"Voyager{Guid.NewGuid():N}"[..16];
        var mug = await Shop.AddProductAsync(shopkeeper, "JOURNEY-MUG", $"{word} travel mug", 14.90m, stock: 20, Ct);
        var map = await Shop.AddProductAsync(shopkeeper, "JOURNEY-MAP", "Map", 7.25m, stock: 5, Ct);

        using var visitor = new ApiClient(gateway);
        using var search = await visitor.GetAsync($"/api/v1/products?q={word.ToLowerInvariant()}", ct: Ct);
        Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        var found = Assert.Single((await ApiClient.ReadJsonAsync(search, Ct)).GetProperty("data").EnumerateArray());
        Assert.Equal((mug, 14.90m, "EUR"), (found.GetProperty("sku").GetString(), found.GetProperty("unit_price").GetDecimal(), found.GetProperty("currency").GetString()));
        using var page = await visitor.GetAsync($"/api/v1/products/{map}", ct: Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        var email = TestAccounts.NewEmail("journey");
        using var browser = new OidcClient(gateway);
        using var registered = await browser.RegisterAsync(email, "Journey Person", TestAccounts.Password, Ct);
        Assert.Equal(HttpStatusCode.Found, registered.StatusCode);
        using var mailbox = Mailbox.Of(app);
        await TestAccounts.VerifyEmailAsync(gateway, mailbox, email, Ct); // or the order below is refused
        var tokens = await browser.SignInWithCodeFlowAsync("web", WebRedirect, TestAccounts.AllApiScopes, email, TestAccounts.Password, Ct);
        using var api = new ApiClient(gateway, tokens.AccessToken);

        using var me = await api.GetAsync("/api/v1/users/me", ct: Ct);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal("Journey Person", (await ApiClient.ReadJsonAsync(me, Ct)).GetProperty("name").GetString());
        using var renamed = await api.SendAsync(HttpMethod.Patch, "/api/v1/users/me", """{"name":"Journey Renamed"}""", "application/merge-patch+json", ct: Ct);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        using var reread = await api.GetAsync("/api/v1/users/me", ct: Ct);
        Assert.Equal("Journey Renamed", (await ApiClient.ReadJsonAsync(reread, Ct)).GetProperty("name").GetString());

        var key = Guid.NewGuid().ToString();
        var body = Shop.Order((mug, 2), (map, 1));
        using var placed = await api.PlaceOrderAsync(body, key, Ct);
        using var retried = await api.PlaceOrderAsync(body, key, Ct);
        Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
        var order = await ApiClient.ReadJsonAsync(placed, Ct);
        var orderId = order.GetProperty("id").GetString()!;
        Assert.Equal(orderId, (await ApiClient.ReadJsonAsync(retried, Ct)).GetProperty("id").GetString());
        Assert.Equal(37.05m, order.GetProperty("total").GetDecimal());
        Assert.Equal($"{word} travel mug", order.GetProperty("items")[0].GetProperty("name").GetString());
        using (var stock = await visitor.GetAsync($"/api/v1/products/{mug}", ct: Ct))
        {
            Assert.Equal(18, (await ApiClient.ReadJsonAsync(stock, Ct)).GetProperty("stock").GetInt32()); // taken once, and shown at once
        }

        var postTraceId = placed.Headers.GetValues("X-Trace-Id").Single();

        using var list = await api.GetAsync("/api/v1/orders", ct: Ct);
        var listed = (await ApiClient.ReadJsonAsync(list, Ct)).GetProperty("data").EnumerateArray().Select(o => o.GetProperty("id").GetString()).ToList();
        Assert.Equal([orderId], listed);

        // Only the order's email: the account also got one asking to verify its address.
        var emails = await mailbox.WaitForEmailsAsync(email, 1, TimeSpan.FromSeconds(30), "order", Ct);
        var confirmation = Assert.Single(emails);
        var text = confirmation.TextBody;
        Assert.Contains($"{word} travel mug", text, StringComparison.Ordinal);
        Assert.Contains("Map", text, StringComparison.Ordinal);
        Assert.Contains("37.05", text, StringComparison.Ordinal);
        Assert.Contains(order.GetProperty("number").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), confirmation.Subject, StringComparison.Ordinal);
        Assert.Equal(postTraceId, confirmation.Headers["X-Trace-Id"]);

        var person = new SignedInUser(tokens.AccessToken, tokens.RefreshToken, Guid.Parse(OidcClient.Payload(tokens.AccessToken).GetProperty("sub").GetString()!), email, "Journey Renamed");
        return (person, orderId);
    }

    /// <summary>
    /// An order's life as its customer sees it: the shop confirms and ships one order, the customer cancels another,
    /// whose stock goes back on sale, and an email arrives for each step, in words that match it.
    /// </summary>
    public static async Task AnOrderIsConfirmedShippedOrCancelledWithAnEmailAtEachStepAsync(BackendApp app)
    {
        var gateway = app.Endpoint("gateway", "http");
        var admin = await TestAccounts.SignInAdminAsync(gateway, ct: Ct);
        using var shopkeeper = new ApiClient(gateway, admin.AccessToken);
        var lamp = await Shop.AddProductAsync(shopkeeper, "LIFE-LAMP", "Desk lamp", 39.00m, stock: 2, Ct);
        using var mailbox = Mailbox.Of(app);
        var customer = await TestAccounts.RegisterVerifiedAsync(gateway, mailbox, "Lifecycle Customer", ct: Ct);
        using var api = new ApiClient(gateway, customer.AccessToken);

        var shipped = await api.PlaceAcceptedOrderAsync(Shop.Order((lamp, 1)), ct: Ct);
        var cancelled = await api.PlaceAcceptedOrderAsync(Shop.Order((lamp, 1)), ct: Ct);
        using (var soldOut = await api.PlaceOrderAsync(Shop.Order((lamp, 1)), ct: Ct))
        {
            await ProblemAssert.IsProblemAsync(soldOut, HttpStatusCode.Conflict, Ct);
        }

        await MoveAsync(shopkeeper, shipped, "confirm", "confirmed");
        await MoveAsync(shopkeeper, shipped, "ship", "shipped");
        await MoveAsync(api, cancelled, "cancel", "cancelled");
        await api.PlaceAcceptedOrderAsync(Shop.Order((lamp, 1)), ct: Ct); // the cancelled lamp is on sale again

        // Six order emails (three received, confirmed, shipped, cancelled); the verification email is not one of them.
        var emails = await mailbox.WaitForEmailsAsync(customer.Email, 6, TimeSpan.FromSeconds(30), "order #", Ct);
        string Number(System.Text.Json.JsonElement order) => $"#{order.GetProperty("number").GetInt64()}";
        var subjects = emails.Select(e => e.Subject ?? "").ToList();
        Assert.Contains(subjects, s => s.Contains(Number(shipped), StringComparison.Ordinal) && s.Contains("received", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(subjects, s => s.Contains(Number(shipped), StringComparison.Ordinal) && s.Contains("confirmed", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(subjects, s => s.Contains(Number(shipped), StringComparison.Ordinal) && s.Contains("shipped", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(subjects, s => s.Contains(Number(cancelled), StringComparison.Ordinal) && s.Contains("cancelled", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(subjects, s => s.Contains(Number(cancelled), StringComparison.Ordinal) && s.Contains("confirmed", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task MoveAsync(ApiClient api, System.Text.Json.JsonElement order, string action, string status)
    {
        using var response = await api.PostAsync($"/api/v1/orders/{order.GetProperty("id").GetString()}/{action}", new { }, ct: Ct);
        var moved = await ApiClient.ReadJsonAsync(response, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, moved.ToString());
        Assert.Equal(status, moved.GetProperty("status").GetString());
    }

    /// <summary>
    /// The mobile app: loopback redirect on a port of its choosing, refresh; a retry with the rotated refresh token (its
    /// response lost) still works, and a replay once the reuse leeway is over is refused.
    /// </summary>
    public static async Task MobileAppSignsInRefreshesAndAReplayIsRefusedAsync(BackendApp app)
    {
        var gateway = app.Endpoint("gateway", "http");
        var email = TestAccounts.NewEmail("mobile");
        using var browser = new OidcClient(gateway);
        (await browser.RegisterAsync(email, "Mobile Person", TestAccounts.Password, Ct)).Dispose();
        var first = await browser.SignInWithCodeFlowAsync("mobile", $"http://127.0.0.1:{Random.Shared.Next(49152, 65535)}/callback",
            "openid profile email offline_access users.read orders.read orders.write", email, TestAccounts.Password, Ct);

        var sinceRotation = System.Diagnostics.Stopwatch.StartNew();
        var refreshed = await browser.RefreshAsync("mobile", first.RefreshToken!, Ct);
        var retried = await browser.RefreshAsync("mobile", first.RefreshToken!, Ct); // the phone never got the answer above
        using var api = new ApiClient(gateway, retried.AccessToken);
        using var me = await api.GetAsync("/api/v1/users/me", ct: Ct);
        OAuthErrorException? replay = null;
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await browser.RefreshAsync("mobile", first.RefreshToken!, Ct);
                return false;
            }
            catch (OAuthErrorException error)
            {
                replay = error;
                return true;
            }
        }, SystemUnderTest.RefreshTokenReuseLeeway + TimeSpan.FromSeconds(30), "a replay after the leeway is refused", TimeSpan.FromMilliseconds(250), Ct);

        Assert.NotNull(refreshed.AccessToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(email, (await ApiClient.ReadJsonAsync(me, Ct)).GetProperty("email").GetString());
        Assert.Equal("invalid_grant", replay!.Error);
        Assert.True(sinceRotation.Elapsed >= SystemUnderTest.RefreshTokenReuseLeeway, $"refused after {sinceRotation.Elapsed}, inside the leeway");
    }

    /// <summary>
    /// Another customer finds nothing of the first one's (404) and no admin endpoint (403); the admin sees
    /// both customers and their orders, and both are in the top-customers report.
    /// </summary>
    public static async Task CustomersAreIsolatedAndTheAdminSeesEverythingAsync(BackendApp app, SignedInUser first, string firstOrderId)
    {
        var gateway = app.Endpoint("gateway", "http");
        SignedInUser second;
        using (var mailbox = Mailbox.Of(app))
        {
            second = await TestAccounts.RegisterVerifiedAsync(gateway, mailbox, "Second Customer", ct: Ct);
        }

        using var other = new ApiClient(gateway, second.AccessToken);
        var admin = await TestAccounts.SignInAdminAsync(gateway, ct: Ct);
        using var asAdmin = new ApiClient(gateway, admin.AccessToken);
        var secondOrder = await other.PlaceAcceptedOrderAsync(Shop.Order((await Shop.AddProductAsync(asAdmin, "SECOND", "Big item", 250m, ct: Ct), 1)), ct: Ct);

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
        Assert.Equal(250m, secondOrder.GetProperty("total").GetDecimal());
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
        using var place = await api.PlaceOrderAsync(Shop.Order(("S", 1)), ct: Ct);
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
}

using System.Net;
using System.Net.Http.Headers;
using Backend.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Tests;

/// <summary>The storefront in a real browser against the real system: the journeys a customer and an admin make.</summary>
public sealed class StorefrontJourneyTests(StorefrontFixture shop)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_customer_registers_orders_and_follows_the_order_until_an_admin_ships_it()
    {
        var sku = $"GUIDE-{Guid.NewGuid():N}"[..14];
        var productName = $"Field Guide {sku[6..]}";

        // The admin puts a product on sale, in the admin screens.
        await using var admin = await Shopper.ArriveAsync(shop);
        await admin.SignInAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword);
        await admin.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Admin" }).ClickAsync();
        await admin.Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Products", Exact = true }).ClickAsync();
        await admin.Page.GetByLabel("SKU").FillAsync(sku);
        await admin.Page.GetByLabel("Name").FillAsync(productName);
        await admin.Page.GetByLabel("Description").FillAsync("Every bird of the coast, drawn.");
        await admin.Page.GetByLabel("Unit price").FillAsync("12.50");
        await admin.Page.GetByLabel("Stock").FillAsync("5");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Create product" }).ClickAsync();
        await Expect(admin.Page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Created {sku}");

        // A new customer registers from the app, verifies the address from the email, signs in and orders two.
        await using var customer = await Shopper.ArriveAsync(shop);
        await Expect(customer.Page.Locator("[data-sku='MUG-ENAMEL']")).ToBeVisibleAsync(); // the demo catalog
        await customer.ScreenshotAsync("storefront");
        var email = await customer.RegisterAsync("Ada Browser");
        await customer.VerifyEmailAsync(email);
        await customer.SignInAsync(email);
        await customer.Page.GetByLabel("Search by name").FillAsync(productName);
        await customer.Page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(customer.Page.Locator($"[data-sku='{sku}']")).ToContainTextAsync("5 in stock");
        await customer.AddToCartAsync(productName, quantity: 2);
        var number = await customer.PlaceOrderAsync();

        // The total is the server's: 2 x 12.50, whatever the browser had in its cart.
        await Expect(customer.Page.GetByTestId("order-total")).ToHaveTextAsync("€25.00");
        await customer.ScreenshotAsync("order-placed");
        await customer.Page.GetByRole(AriaRole.Link, new() { Name = "My orders" }).ClickAsync();
        await Expect(customer.Page.Locator($"[data-order='{number}']")).ToContainTextAsync("pending");
        await shop.Mailbox.WaitForEmailsAsync(email, 1, TimeSpan.FromSeconds(60), $"We received your order #{number}", Ct);

        // The admin, in another browser, confirms and then ships it.
        await admin.Page.GetByRole(AriaRole.Link, new() { Name = "Admin" }).ClickAsync();
        await admin.Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Orders", Exact = true }).ClickAsync();
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = $"Confirm order {number}", Exact = true }).ClickAsync();
        await Expect(admin.Page.Locator($"[data-order='{number}']")).ToHaveCountAsync(0);
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "confirmed", Exact = true }).ClickAsync();
        await admin.ScreenshotAsync("admin-orders");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = $"Ship order {number}", Exact = true }).ClickAsync();
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "shipped", Exact = true }).ClickAsync();
        await Expect(admin.Page.Locator($"[data-order='{number}']")).ToContainTextAsync("shipped");

        // The customer sees it shipped, and has the email that says so.
        await customer.Page.ReloadAsync();
        await Expect(customer.Page.Locator($"[data-order='{number}']")).ToContainTextAsync("shipped");
        await shop.Mailbox.WaitForEmailsAsync(email, 1, TimeSpan.FromSeconds(60), $"Your order #{number} has shipped", Ct);

        // And the customer is among the top customers, with what they spent.
        await admin.Page.GetByRole(AriaRole.Link, new() { Name = "Admin" }).ClickAsync();
        await admin.Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Top customers" }).ClickAsync();
        await Expect(admin.Page.GetByRole(AriaRole.Row, new() { Name = "Ada Browser" })).ToContainTextAsync("25.00");
    }

    [Fact]
    public async Task A_customer_renames_their_profile_and_finds_the_account_pages_from_it()
    {
        var account = await TestAccounts.RegisterVerifiedAsync(shop.Site, shop.Mailbox, ct: Ct);
        await using var customer = await Shopper.ArriveAsync(shop);
        await customer.SignInAsync(account.Email);
        await customer.Page.GetByRole(AriaRole.Link, new() { Name = "Profile" }).ClickAsync();
        await Expect(customer.Page.GetByLabel("Email")).ToHaveValueAsync(account.Email);
        await customer.Page.GetByLabel("Name").FillAsync("Grace Renamed");
        await customer.Page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(customer.Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved.");

        await customer.Page.ReloadAsync(); // a new page: tokens in memory are gone, the silent sign-in brings them back
        await Expect(customer.Page.GetByLabel("Name")).ToHaveValueAsync("Grace Renamed");
        await Expect(customer.Page.GetByRole(AriaRole.Link, new() { Name = "Delete your account" }))
            .ToHaveAttributeAsync("href", new Uri(shop.Site, "/account/delete").AbsoluteUri);
    }

    [Fact]
    public async Task A_customer_cannot_open_the_admin_pages_and_the_API_refuses_their_token_anyway()
    {
        var account = await TestAccounts.RegisterVerifiedAsync(shop.Site, shop.Mailbox, ct: Ct);
        await using var customer = await Shopper.ArriveAsync(shop);
        await customer.SignInAsync(account.Email);
        await Expect(customer.Page.GetByRole(AriaRole.Link, new() { Name = "Admin" })).ToHaveCountAsync(0);

        await customer.Page.GotoAsync("/admin/orders");
        await Expect(customer.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("This page is for the shop's staff.");

        // The page is only a courtesy: the customer's own token, taken from the app's own API call, is refused by the API.
        var request = await customer.Page.RunAndWaitForRequestAsync(
            () => customer.Page.GetByRole(AriaRole.Link, new() { Name = "My orders" }).ClickAsync(),
            r => r.Url.Contains("/api/v1/orders", StringComparison.Ordinal));
        var token = (await request.AllHeadersAsync())["authorization"];
        using var http = new HttpClient { BaseAddress = shop.Site };
        using var list = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reports/top-customers");
        list.Headers.Authorization = AuthenticationHeaderValue.Parse(token);
        using var refused = await http.SendAsync(list, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Signing_out_ends_the_session_at_Identity_and_signing_back_in_works()
    {
        var account = await TestAccounts.RegisterVerifiedAsync(shop.Site, shop.Mailbox, ct: Ct);
        await using var customer = await Shopper.ArriveAsync(shop);
        await customer.SignInAsync(account.Email);
        await customer.SignOutAsync();

        // Signed out here and at Identity: signing in again asks for the password (no silent return on a live cookie).
        await customer.Page.GotoAsync("/orders");
        await customer.Page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await customer.SubmitSignInPageAsync(account.Email);
        await Expect(customer.Page).ToHaveURLAsync(new Uri(shop.Site, "/orders").AbsoluteUri);
        await Expect(customer.Page.GetByRole(AriaRole.Heading, new() { Name = "My orders" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_access_token_is_renewed_with_the_refresh_token_during_a_session()
    {
        var account = await TestAccounts.RegisterVerifiedAsync(shop.Site, shop.Mailbox, ct: Ct);
        var page = await shop.NewPersonAsync();
        await page.Clock.InstallAsync(); // the page's clock, to live through the access token's 15 minutes at once
        await using var customer = new Shopper(page, shop);
        await customer.SignInAsync(account.Email);
        var before = await AuthorizationOfAsync(page, () => page.GetByRole(AriaRole.Link, new() { Name = "Profile" }).ClickAsync(), "/api/v1/users/me");

        var renewal = page.WaitForRequestAsync(r => r.Url.EndsWith("/connect/token", StringComparison.Ordinal)
            && (r.PostData ?? "").Contains("grant_type=refresh_token", StringComparison.Ordinal));
        await page.Clock.FastForwardAsync("14:30");
        var renewed = await (await renewal).ResponseAsync();
        Assert.Equal(200, renewed!.Status);

        // The session goes on with the new token, without the person doing anything.
        var after = await AuthorizationOfAsync(page, () => page.GetByRole(AriaRole.Link, new() { Name = "My orders" }).ClickAsync(), "/api/v1/orders");
        Assert.NotEqual(before, after);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My orders" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("signed-in-as")).ToBeVisibleAsync();
    }

    private static async Task<string> AuthorizationOfAsync(IPage page, Func<Task> action, string path)
    {
        var request = await page.RunAndWaitForRequestAsync(action, r => new Uri(r.Url).AbsolutePath == path);
        return (await request.AllHeadersAsync())["authorization"];
    }
}

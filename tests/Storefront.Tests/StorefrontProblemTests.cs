using Backend.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Tests;

/// <summary>What a person sees when the shop says no: the server's problem+json, in words, where it applies.</summary>
public sealed class StorefrontProblemTests(StorefrontFixture shop)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_order_for_more_than_the_stock_shows_the_shortage_on_its_line_and_places_nothing()
    {
        var admin = await TestAccounts.SignInAdminAsync(shop.Site, ct: Ct);
        using var adminApi = new ApiClient(shop.Site, admin.AccessToken);
        var scarceName = "Last Lamp " + Guid.NewGuid().ToString("N")[..6];
        var scarce = await Shop.AddProductAsync(adminApi, "SCARCE", scarceName, 30m, stock: 1, ct: Ct);
        var account = await TestAccounts.RegisterVerifiedAsync(shop.Site, shop.Mailbox, ct: Ct);

        await using var customer = await Shopper.ArriveAsync(shop);
        await customer.SignInAsync(account.Email);
        await customer.AddToCartAsync(scarceName);
        await customer.Page.GotoAsync("/cart");
        await customer.Page.GetByLabel($"Quantity of {scarceName}").FillAsync("3");
        await customer.Page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();

        var line = customer.Page.Locator($"tr[data-sku='{scarce}']");
        await Expect(line.GetByRole(AriaRole.Alert)).ToHaveTextAsync($"Only 1 of {scarce} in stock.");
        await Expect(customer.Page.GetByLabel($"Quantity of {scarceName}")).ToHaveAttributeAsync("aria-invalid", "true");
        await customer.ScreenshotAsync("cart-out-of-stock");
        using var mine = new ApiClient(shop.Site, account.AccessToken);
        var orders = await ApiClient.ReadJsonAsync(await mine.GetAsync("/api/v1/orders", ct: Ct), Ct);
        Assert.Empty(orders.GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Validation_errors_from_the_API_appear_next_to_their_fields()
    {
        await using var admin = await Shopper.ArriveAsync(shop);
        await admin.SignInAsync(TestAccounts.AdminEmail, TestAccounts.AdminPassword);
        await admin.Page.GotoAsync("/admin/products");
        await admin.Page.GetByLabel("SKU").FillAsync("BAD SKU!");
        await admin.Page.GetByLabel("Unit price").FillAsync("-3");
        await admin.Page.GetByLabel("Stock").FillAsync("2");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Create product" }).ClickAsync();

        await Expect(admin.Page.Locator("#new-sku-error")).ToContainTextAsync("letters, digits");
        await Expect(admin.Page.Locator("#new-unit_price-error")).ToContainTextAsync("Must be more than 0");
        await Expect(admin.Page.GetByLabel("Unit price")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(admin.Page.GetByLabel("Stock")).ToHaveAttributeAsync("aria-invalid", "false");
    }

    [Fact]
    public async Task Too_many_orders_in_a_minute_say_how_long_to_wait()
    {
        var admin = await TestAccounts.SignInAdminAsync(shop.Site, ct: Ct);
        using var adminApi = new ApiClient(shop.Site, admin.AccessToken);
        var name = "Busy Bell " + Guid.NewGuid().ToString("N")[..6];
        var sku = await Shop.AddProductAsync(adminApi, "BELL", name, 1m, ct: Ct);
        var account = await TestAccounts.RegisterVerifiedAsync(shop.Site, shop.Mailbox, ct: Ct);
        using var api = new ApiClient(shop.Site, account.AccessToken);
        for (var i = 0; i < StorefrontFixture.OrdersPerMinute; i++)
        {
            await api.PlaceAcceptedOrderAsync(Shop.Order((sku, 1)), ct: Ct);
        }

        await using var customer = await Shopper.ArriveAsync(shop);
        await customer.SignInAsync(account.Email);
        await customer.AddToCartAsync(name);
        await customer.Page.GotoAsync("/cart");
        await customer.Page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();

        await Expect(customer.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Too many requests\. Try again in \d+ seconds?\."));
        await Expect(customer.Page.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex(@"Try again in \d+ s") })).ToBeDisabledAsync();
    }

    [Fact]
    public async Task The_storefront_is_usable_at_a_phone_s_width()
    {
        var admin = await TestAccounts.SignInAdminAsync(shop.Site, ct: Ct);
        using var adminApi = new ApiClient(shop.Site, admin.AccessToken);
        var name = "Pocket Atlas " + Guid.NewGuid().ToString("N")[..6];
        await Shop.AddProductAsync(adminApi, "ATLAS", name, 9.90m, ct: Ct);

        await using var phone = await Shopper.ArriveAsync(shop, new ViewportSize { Width = 390, Height = 844 });
        await phone.Page.GetByLabel("Search by name").FillAsync(name);
        await phone.Page.Keyboard.PressAsync("Enter");
        await phone.Page.GetByRole(AriaRole.Button, new() { Name = $"Add {name} to cart" }).ClickAsync();
        await Expect(phone.Page.GetByRole(AriaRole.Link, new() { Name = "Cart (1)" })).ToBeVisibleAsync();
        await phone.ScreenshotAsync("phone-storefront");

        // Nothing wider than the screen: no sideways scrolling.
        Assert.True(await phone.Page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
    }

    [Fact]
    public async Task The_skip_link_and_every_control_are_reachable_and_labelled()
    {
        await using var person = await Shopper.ArriveAsync(shop);
        await person.Page.Keyboard.PressAsync("Tab");
        await Expect(person.Page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToBeFocusedAsync();

        var unlabelled = await person.Page.EvaluateAsync<int>(
            "[...document.querySelectorAll('input, select, textarea')].filter(e => e.labels.length === 0 && !e.getAttribute('aria-label')).length");
        Assert.Equal(0, unlabelled);
    }
}

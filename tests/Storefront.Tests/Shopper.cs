using Backend.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Storefront.Tests;

/// <summary>A person using the storefront in the browser, through what they see: labels, buttons, headings.</summary>
public sealed class Shopper(IPage page, StorefrontFixture shop) : IAsyncDisposable
{
    public IPage Page => page;

    public static async Task<Shopper> ArriveAsync(StorefrontFixture shop, ViewportSize? screen = null)
    {
        var shopper = new Shopper(await shop.NewPersonAsync(screen), shop);
        await shopper.Page.GotoAsync("/");
        await Expect(shopper.Page.GetByRole(AriaRole.Heading, new() { Name = "Products", Exact = true })).ToBeVisibleAsync();
        return shopper;
    }

    /// <summary>From the app's "Create account" link, on Identity's page; returns the address used.</summary>
    public async Task<string> RegisterAsync(string name)
    {
        var email = TestAccounts.NewEmail("shopper");
        await page.GetByRole(AriaRole.Link, new() { Name = "Create account" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(TestAccounts.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Check your email" })).ToBeVisibleAsync();
        return email;
    }

    /// <summary>Opens the link of the verification email (as it arrived in the mail catcher) and confirms.</summary>
    public async Task VerifyEmailAsync(string email)
    {
        var link = await shop.Mailbox.WaitForLinkAsync(email, TestAccounts.VerificationSubject, "/account/verify-email");
        await page.GotoAsync(link);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify my email address" }).ClickAsync();
        await Expect(page.GetByText("Your email address is verified")).ToBeVisibleAsync();
    }

    /// <summary>The app's "Sign in" button, Identity's sign-in page, and back to the app signed in.</summary>
    public async Task SignInAsync(string email, string password = TestAccounts.Password)
    {
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await SubmitSignInPageAsync(email, password);
    }

    public async Task SubmitSignInPageAsync(string email, string password = TestAccounts.Password)
    {
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByTestId("signed-in-as")).ToBeVisibleAsync();
    }

    public async Task SignOutAsync()
    {
        await page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }

    public async Task AddToCartAsync(string productName, int quantity = 1)
    {
        await page.GotoAsync("/?q=" + Uri.EscapeDataString(productName));
        await page.GetByRole(AriaRole.Link, new() { Name = productName, Exact = true }).ClickAsync();
        await page.GetByLabel("Quantity").FillAsync(quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Added");
    }

    /// <summary>Places the cart's order; returns the order's number from the page the app shows next.</summary>
    public async Task<long> PlaceOrderAsync()
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Cart" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Place order" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("is placed");
        var heading = await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync();
        return long.Parse(heading.Split('#')[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A screenshot kept as a test artifact (artifacts/screenshots, and attached to the test's result).</summary>
    public async Task ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(WebApp.Screenshots);
        var bytes = await page.ScreenshotAsync(new() { Path = Path.Combine(WebApp.Screenshots, name + ".png"), FullPage = true });
        TestContext.Current.AddAttachment(name, bytes, "image/png");
    }

    public ValueTask DisposeAsync() => new(page.Context.CloseAsync());
}

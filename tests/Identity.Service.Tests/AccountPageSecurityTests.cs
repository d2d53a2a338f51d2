using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Identity.Service.Tests;

public sealed partial class AccountPageSecurityTests(IdentityFixture identity)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/account/register")]
    [InlineData("/account/forgot-password")]
    [InlineData("/account/reset-password?link=00000000-0000-0000-0000-000000000000&token=x")]
    public async Task Account_pages_send_a_strict_csp_that_allows_only_their_own_inline_style(string page)
    {
        using var browser = identity.NewBrowser();

        using var response = await browser.OpenAsync(page, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        // The browser hashes the style element's text as served: the page's must be the one the policy names.
        var style = Assert.Single(StyleElement().Matches(html)).Groups["css"].Value;
        Assert.Contains($"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style)))}'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest);
    }

    [GeneratedRegex("<style>(?<css>.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleElement();
}

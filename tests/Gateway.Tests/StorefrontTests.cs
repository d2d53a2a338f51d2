using System.Net;
using System.Text.RegularExpressions;
using Backend.Testing;

namespace Gateway.Tests;

/// <summary>The built web app, served by the real gateway at "/" on the APIs' own origin (test.sh builds WebApp/dist first).</summary>
public sealed partial class StorefrontTests(GatewayFixture gateway)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_app_s_screens_get_its_page_with_a_strict_policy_and_its_assets_are_cached_for_good()
    {
        using var http = new HttpClient { BaseAddress = gateway.Gateway };

        using var home = await http.GetAsync("/", Ct);
        using var deepLink = await http.GetAsync("/orders/4f1c1f43-5b7e-4a43-9d7e-3b1f0f0d2a11", Ct);
        var page = await home.Content.ReadAsStringAsync(Ct);
        var script = ScriptOf().Match(page);
        Assert.True(script.Success, page);
        using var asset = await http.GetAsync(script.Groups["src"].Value, Ct);

        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Equal("text/html", home.Content.Headers.ContentType?.MediaType);
        Assert.True(home.Headers.CacheControl?.NoCache);
        Assert.Contains("script-src 'self'", home.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal(page, await deepLink.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal(TimeSpan.FromDays(365), asset.Headers.CacheControl?.MaxAge);
        Assert.Equal("text/javascript", asset.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unknown_API_path_or_file_is_the_backend_s_404_problem_never_the_app_s_page()
    {
        using var http = new HttpClient { BaseAddress = gateway.Gateway };

        using var api = await http.GetAsync("/api/v2/orders", Ct);
        using var file = await http.GetAsync("/assets/missing-0000.js", Ct);

        await ProblemAssert.IsProblemAsync(api, HttpStatusCode.NotFound, Ct);
        await ProblemAssert.IsProblemAsync(file, HttpStatusCode.NotFound, Ct);
    }

    [GeneratedRegex("""<script type="module" crossorigin src="(?<src>/assets/[^"]+\.js)">""")]
    private static partial Regex ScriptOf();
}

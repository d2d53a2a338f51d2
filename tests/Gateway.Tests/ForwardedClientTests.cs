using System.Net;
using Backend.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests;

/// <summary>
/// Behind a load balancer every connection comes from the balancer: the gateway believes X-Forwarded-For only from the
/// proxies in ForwardedHeaders:TrustedNetworks, so the anonymous limits stay per client (per IPv6 /64), and a client
/// that forges the header where no proxy is trusted gains nothing.
/// </summary>
public sealed class ForwardedClientTests(GatewayFixture gateway)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, string?> ThreeAnonymousRequestsAMinute = new()
    {
        ["Gateway:RateLimiting:PerClientIp:PermitLimit"] = "3",
        ["Gateway:RateLimiting:PerClientIp:TokensPerPeriod"] = "3",
        ["Gateway:RateLimiting:PerClientIp:Period"] = "00:01:00",
    };

    [Fact]
    public async Task Behind_a_trusted_proxy_each_client_and_each_ipv6_64_has_its_own_limit()
    {
        var settings = new Dictionary<string, string?>(ThreeAnonymousRequestsAMinute) { ["ForwardedHeaders:TrustedNetworks:0"] = "10.0.0.0/8" };
        await using var edge = await gateway.NewGatewayAsync(settings, services => services.AddTransient<IStartupFilter>(_ => new ConnectionFrom(IPAddress.Parse("10.1.2.3"))));
        using var http = edge.CreateClient();

        var first = await StatusesAsync(http, "203.0.113.5", "203.0.113.5", "203.0.113.5", "203.0.113.5");
        var second = await StatusesAsync(http, "203.0.113.6");
        var sameNetwork = await StatusesAsync(http, "2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff::9", "2001:db8:1:2::abcd");
        var nextNetwork = await StatusesAsync(http, "2001:db8:1:3::1");

        Assert.Equal([200, 200, 200, 429], first);    // the fourth request of one client within the minute
        Assert.Equal([200], second);                  // another client behind the same balancer is not affected
        Assert.Equal([200, 200, 200, 429], sameNetwork); // any address of one /64 counts as the same client
        Assert.Equal([200], nextNetwork);
    }

    [Fact]
    public async Task Where_no_proxy_is_trusted_a_forged_x_forwarded_for_buys_no_new_limit()
    {
        await using var edge = await gateway.NewGatewayAsync(new(ThreeAnonymousRequestsAMinute),
            services => services.AddTransient<IStartupFilter>(_ => new ConnectionFrom(IPAddress.Parse("198.51.100.77"))));
        using var http = edge.CreateClient();

        var statuses = await StatusesAsync(http, "203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4");

        Assert.Equal([200, 200, 200, 429], statuses);
    }

    [Fact]
    public async Task Https_terminated_at_a_trusted_proxy_gets_hsts_and_plain_http_or_a_forged_scheme_does_not()
    {
        var trusted = new Dictionary<string, string?> { ["ForwardedHeaders:TrustedNetworks:0"] = "10.0.0.0/8" };
        await using var behindIngress = await gateway.NewGatewayAsync(trusted, services => services.AddTransient<IStartupFilter>(_ => new ConnectionFrom(IPAddress.Parse("10.1.2.3"))));
        await using var exposed = await gateway.NewGatewayAsync(new(),
            services => services.AddTransient<IStartupFilter>(_ => new ConnectionFrom(IPAddress.Parse("198.51.100.77"))));
        using var ingress = behindIngress.CreateClient();
        using var stranger = exposed.CreateClient();

        Assert.Equal("max-age=31536000", await HstsAsync(ingress, forwardedProto: "https"));
        Assert.Null(await HstsAsync(ingress, forwardedProto: null)); // HSTS over plain HTTP means nothing (RFC 6797 7.2)
        Assert.Null(await HstsAsync(stranger, forwardedProto: "https")); // a client's own X-Forwarded-Proto is not believed
    }

    /// <summary>The Strict-Transport-Security header of an anonymous read for the shop's public host name.</summary>
    private static async Task<string?> HstsAsync(HttpClient http, string? forwardedProto)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/products?limit=1");
        request.Headers.Host = "shop.example.com";
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        }

        using var response = await http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.TryGetValues("Strict-Transport-Security", out var values) ? string.Join(", ", values) : null;
    }

    /// <summary>Anonymous catalog reads, one after the other, each with the X-Forwarded-For given; their status codes.</summary>
    private static async Task<int[]> StatusesAsync(HttpClient http, params string[] forwardedFor)
    {
        var statuses = new List<int>();
        foreach (var client in forwardedFor)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/products?limit=1");
            request.Headers.Add("X-Forwarded-For", client);
            using var response = await http.SendAsync(request, Ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await ProblemAssert.IsProblemAsync(response, HttpStatusCode.TooManyRequests, Ct);
            }

            statuses.Add((int)response.StatusCode);
        }

        return [.. statuses];
    }
}

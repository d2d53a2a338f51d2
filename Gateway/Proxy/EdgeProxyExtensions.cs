using Gateway.Protection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ServiceDefaults.Authentication;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Transforms;

namespace Gateway.Proxy;

public static class EdgeProxyExtensions
{
    /// <summary>The downstream services, by YARP cluster id; each one is also a readiness check of the gateway.</summary>
    public static readonly string[] Downstreams = ["identity", "users", "orders"];

    /// <summary>
    /// YARP with the route table from configuration (ReverseProxy section). Destinations are service endpoints
    /// resolved by Aspire service discovery: http://_h2c.users is the users service's cleartext HTTP/2 endpoint,
    /// over which every proxied request to it is multiplexed (see AppHost's WithHttp2Endpoint). X-Forwarded-For/Proto/Prefix are set (not
    /// appended) on every request, and X-Forwarded-Host is the public host (the issuer's), never the client's
    /// Host header: services build public URLs from it (the discovery document's endpoints, redirects), and a
    /// request sent with "Host: evil.example" must not get — or leave in a cache — a document whose token
    /// endpoint and keys point there. Headers that only describe our servers are removed from responses.
    /// </summary>
    public static TBuilder AddEdgeProxy<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var publicHost = builder.Configuration.GetSection(IdentityServerOptions.SectionName).Get<IdentityServerOptions>()?.Issuer?.Authority
            ?? throw new InvalidOperationException("Identity:Issuer (the gateway's public URL) is required.");
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver()
            .AddTransforms(transforms =>
            {
                transforms.AddXForwardedFor(action: ForwardedTransformActions.Set);
                transforms.AddXForwardedProto(action: ForwardedTransformActions.Set);
                transforms.AddXForwardedPrefix(action: ForwardedTransformActions.Set);
                transforms.AddXForwardedHost(action: ForwardedTransformActions.Off);
                transforms.AddRequestHeader("X-Forwarded-Host", publicHost, append: false);
                transforms.AddRequestHeaderRemove("Forwarded");
                foreach (var header in InternalResponseHeaders)
                {
                    transforms.AddResponseHeaderRemove(header);
                }
            });
        builder.Services.AddRequestTimeouts();

        var health = builder.Services.AddHealthChecks();
        foreach (var service in Downstreams)
        {
            health.Add(new HealthCheckRegistration(service,
                services => new DownstreamHealthCheck(service, services.GetRequiredService<IProxyStateLookup>()),
                HealthStatus.Degraded, ["downstream"], TimeSpan.FromSeconds(5)));
        }
        return builder;
    }

    public static WebApplication MapEdgeProxy(this WebApplication app)
    {
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<EdgeTokenCheck>();
            proxy.UseMiddleware<ProxyErrorProblems>();
            proxy.UseMiddleware<RetryUnansweredRequests>(); // inside: the problem describes the last attempt
        });
        return app;
    }

    private static readonly string[] InternalResponseHeaders = ["Server", "X-Powered-By", "X-AspNet-Version", "X-AspNetMvc-Version"];
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ServiceDefaults.Http;

public static class ForwardedHeadersExtensions
{
    public const string TrustedNetworksKey = "ForwardedHeaders:TrustedNetworks";
    public const string TrustLoopbackKey = "ForwardedHeaders:TrustLoopback";

    /// <summary>
    /// Services sit behind the gateway, which sets X-Forwarded-For/Proto/Host/Prefix: links, redirects and
    /// the OpenID issuer's endpoints then carry the public URL. Only proxies on loopback (and the CIDR
    /// ranges in ForwardedHeaders:TrustedNetworks) are believed; anyone else's headers are ignored. The
    /// gateway itself is the edge: it sets ForwardedHeaders:TrustLoopback=false and believes nobody but
    /// the load balancers listed in TrustedNetworks.
    /// </summary>
    public static TBuilder AddForwardedHeadersFromGateway<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var trusted = builder.Configuration.GetSection(TrustedNetworksKey).Get<string[]>() ?? [];
        var trustLoopback = builder.Configuration.GetValue(TrustLoopbackKey, defaultValue: true);
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                | ForwardedHeaders.XForwardedHost | ForwardedHeaders.XForwardedPrefix;
            if (!trustLoopback)
            {
                options.KnownProxies.Clear();
                options.KnownIPNetworks.Clear();
                if (trusted.Length == 0)
                {
                    // Empty lists would mean "trust everyone" to the middleware: switch it off instead.
                    options.ForwardedHeaders = ForwardedHeaders.None;
                }
            }

            foreach (var network in trusted)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return builder;
    }

}

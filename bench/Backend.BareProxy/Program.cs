using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

// The benchmark's reference for the gateway: YARP with one route and nothing else (no token check, rate limiter,
// telemetry, timeouts or problem details), forwarding to one destination over cleartext HTTP/2 as the gateway does.
// What the gateway costs beyond this is what its protections cost; what this costs is the hop itself.
//   Backend.BareProxy <listen url> <destination url>
var listen = args.ElementAtOrDefault(0) ?? throw new ArgumentException("usage: Backend.BareProxy <listen url> <destination url>");
var destination = args.ElementAtOrDefault(1) ?? throw new ArgumentException("usage: Backend.BareProxy <listen url> <destination url>");

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "all", ClusterId = "service", Match = new RouteMatch { Path = "/{**rest}" } }],
    [new ClusterConfig
    {
        ClusterId = "service",
        HttpRequest = new ForwarderRequestConfig { Version = new Version(2, 0), VersionPolicy = HttpVersionPolicy.RequestVersionExact },
        Destinations = new Dictionary<string, DestinationConfig> { ["service"] = new() { Address = destination } },
    }]);

var app = builder.Build();
app.MapReverseProxy();
await app.RunAsync(listen);

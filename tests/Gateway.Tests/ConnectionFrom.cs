using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Gateway.Tests;

/// <summary>
/// Makes every request of an in-process gateway arrive from <paramref name="peer"/>, as if that were the connection's
/// other end (a load balancer, or a client): the test server has no sockets, so no peer address of its own.
/// </summary>
public sealed class ConnectionFrom(IPAddress peer) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((http, following) =>
        {
            http.Connection.RemoteIpAddress = peer;
            return following(http);
        });
        next(app);
    };
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ServiceDefaults.Authentication;

namespace Unit.Tests.ServiceDefaults;

public sealed class PublicEndpointTests
{
    private static async Task<DefaultHttpContext> CallAsync(string? tokenFailure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Services.AddProblemDetails();
        await using var app = builder.Build();
        ((IEndpointRouteBuilder)app).MapGet("/products", () => "catalog").AllowAnonymousWithValidTokensOnly();
        var endpoint = (RouteEndpoint)((IEndpointRouteBuilder)app).DataSources.Single().Endpoints.Single();

        var http = new DefaultHttpContext { RequestServices = app.Services };
        http.Response.Body = new MemoryStream();
        if (tokenFailure is not null)
        {
            http.Items[AccessTokenFailure.Item] = tokenFailure;
        }

        await endpoint.RequestDelegate!(http);
        return http;
    }

    [Fact]
    public async Task An_anonymous_caller_reads_a_public_endpoint()
    {
        var http = await CallAsync(tokenFailure: null);

        Assert.Equal(StatusCodes.Status200OK, http.Response.StatusCode);
    }

    [Fact]
    public async Task A_caller_whose_token_failed_validation_is_refused_with_invalid_token()
    {
        var http = await CallAsync("The access token was not issued for this API (audience).");

        Assert.Equal(StatusCodes.Status401Unauthorized, http.Response.StatusCode);
        Assert.Contains("invalid_token", http.Response.Headers.WWWAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("application/problem+json", http.Response.ContentType, StringComparison.Ordinal);
    }
}

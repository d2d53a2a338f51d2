using System.Net;
using Backend.Testing;

namespace Gateway.Tests;

public sealed class RateLimitTests(GatewayFixture gateway)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sign_in_and_token_requests_are_limited_hard_429_with_retry_after_then_recover()
    {
        await using var edge = await gateway.NewGatewayAsync(new()
        {
            ["Gateway:RateLimiting:Credentials:PermitLimit"] = "3",
            ["Gateway:RateLimiting:Credentials:Window"] = "00:00:02",
        });
        using var http = edge.CreateClient();
        Task<HttpResponseMessage> TokenRequest() => http.PostAsync(new Uri("/connect/token", UriKind.Relative),
            new FormUrlEncodedContent([new("grant_type", "password"), new("username", "x"), new("password", "guess")]), Ct);

        var allowed = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            allowed.Add(await TokenRequest());
        }

        using var limited = await TokenRequest();
        // Recovers once the 2 s window has passed (refused requests take no permit, so asking again is harmless).
        using var recovered = await Eventually.ValueAsync(() => Refused(TokenRequest()), r => r.StatusCode != HttpStatusCode.TooManyRequests,
            TimeSpan.FromSeconds(5), "a token request is allowed again after the window", TimeSpan.FromMilliseconds(250), Ct);

        Assert.All(allowed, r => Assert.NotEqual(HttpStatusCode.TooManyRequests, r.StatusCode));
        await ProblemAssert.IsProblemAsync(limited, HttpStatusCode.TooManyRequests, Ct);
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 2);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, recovered.StatusCode);
        allowed.ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task Api_calls_are_limited_per_user_and_another_user_is_not_affected()
    {
        await using var edge = await gateway.NewGatewayAsync(new()
        {
            ["Gateway:RateLimiting:PerUser:PermitLimit"] = "5",
            ["Gateway:RateLimiting:PerUser:TokensPerPeriod"] = "5",
            ["Gateway:RateLimiting:PerUser:Period"] = "00:00:03",
        });
        using var http = edge.CreateClient();
        var other = await TestAccounts.RegisterAsync(gateway.Gateway, ct: Ct);
        Task<HttpResponseMessage> Me(string token)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users/me");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            return http.SendAsync(request, Ct);
        }

        // 12 requests at once: 5 permits, plus at most one refill of 5 if the burst straddles a period.
        var burst = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++)
        {
            burst.Add(await Me(gateway.Customer.AccessToken));
        }

        using var otherUser = await Me(other.AccessToken);
        // Recovers at the next refill, within the 3 s period (refused requests take no token).
        using var recovered = await Eventually.ValueAsync(() => Refused(Me(gateway.Customer.AccessToken)), r => r.StatusCode != HttpStatusCode.TooManyRequests,
            TimeSpan.FromSeconds(6), "the customer's calls are allowed again after the period", TimeSpan.FromMilliseconds(250), Ct);

        Assert.InRange(burst.Count(r => r.StatusCode == HttpStatusCode.OK), 5, 10);
        var limited = burst.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        await ProblemAssert.IsProblemAsync(limited, HttpStatusCode.TooManyRequests, Ct);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, otherUser.StatusCode);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        burst.ForEach(r => r.Dispose());
    }

    /// <summary>The response, disposed already when it is a 429 (a poll that will be asked again).</summary>
    private static async Task<HttpResponseMessage> Refused(Task<HttpResponseMessage> request)
    {
        var response = await request;
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            response.Dispose();
        }

        return response;
    }
}

using System.Net;
using Backend.Testing;

namespace Gateway.Tests;

/// <summary>Stops a real service behind the real gateway; runs alone.</summary>
[Collection(nameof(ServiceOutage))]
public sealed class OutageTests(GatewayFixture gateway)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 180_000)]
    public async Task A_service_that_is_down_is_a_503_problem_and_the_gateway_reports_it_degraded()
    {
        using var api = new ApiClient(gateway.Gateway, gateway.Customer.AccessToken);

        await gateway.App.KillResourceAsync("users", Ct);
        try
        {
            // The gateway notices within a few probe intervals (2 s each) and from then on answers at once.
            var noticed = await Eventually.WithinAsync(async () =>
            {
                using var readiness = await api.GetAsync("/health/ready", ct: Ct);
                var report = await ApiClient.ReadJsonAsync(readiness, Ct);
                return report.GetProperty("checks").GetProperty("users").GetProperty("status").GetString() == "Degraded";
            }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(250), Ct);
            var started = System.Diagnostics.Stopwatch.StartNew();
            using var response = await api.GetAsync("/api/v1/users/me", ct: Ct);
            var answeredIn = started.Elapsed;
            using var other = await api.GetAsync("/.well-known/openid-configuration", ct: Ct);

            Assert.True(noticed, "The gateway never reported users as degraded.");
            await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, Ct);
            Assert.True(answeredIn < TimeSpan.FromSeconds(2), $"503 took {answeredIn}");
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Equal(HttpStatusCode.OK, other.StatusCode); // the other routes keep working
        }
        finally
        {
            await gateway.App.StartResourceAsync("users", Ct);
        }

        // Back up: the probes see it again and traffic flows.
        Assert.True(await Eventually.WithinAsync(async () =>
        {
            using var back = await api.GetAsync("/api/v1/users/me", ct: Ct);
            return back.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(250), Ct));
    }
}

using AppHost.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Unit.Tests.Infrastructure;

/// <summary>
/// The AppHost's resource checks look again while a resource is not healthy yet (AppHost/Infrastructure/PatientHealthCheck.cs):
/// a resource that becomes ready is seen at the next look, not at Aspire's next poll seconds later.
/// </summary>
public sealed class PatientHealthCheckTests
{
    private static readonly HealthCheckContext Context = new()
    {
        Registration = new HealthCheckRegistration("resource_check", _ => throw new InvalidOperationException("not used"), HealthStatus.Unhealthy, tags: null),
    };

    [Fact]
    public async Task A_resource_that_becomes_ready_while_it_looks_is_reported_healthy_by_the_same_check()
    {
        var resource = new ResourceBecomingReady(afterLooks: 3);

        var result = await new PatientHealthCheck(resource, TimeSpan.FromSeconds(30)).CheckHealthAsync(Context, TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(3, resource.Looks);
    }

    [Fact]
    public async Task A_healthy_resource_is_looked_at_once()
    {
        var resource = new ResourceBecomingReady(afterLooks: 1);

        var result = await new PatientHealthCheck(resource, TimeSpan.FromSeconds(30)).CheckHealthAsync(Context, TestContext.Current.CancellationToken);

        Assert.Equal((HealthStatus.Healthy, 1), (result.Status, resource.Looks));
    }

    [Fact]
    public async Task A_resource_that_stays_down_is_reported_unhealthy_once_the_patience_is_spent()
    {
        var resource = new ResourceBecomingReady(afterLooks: int.MaxValue);

        var result = await new PatientHealthCheck(resource, TimeSpan.FromSeconds(1)).CheckHealthAsync(Context, TestContext.Current.CancellationToken);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.InRange(resource.Looks, 2, 5);
    }

    [Fact]
    public async Task A_check_that_throws_counts_as_not_healthy_and_is_looked_at_again()
    {
        var resource = new ResourceBecomingReady(afterLooks: 2, failure: new IOException("connection refused"));

        var result = await new PatientHealthCheck(resource, TimeSpan.FromSeconds(30)).CheckHealthAsync(Context, TestContext.Current.CancellationToken);

        Assert.Equal((HealthStatus.Healthy, 2), (result.Status, resource.Looks));
    }

    [Fact]
    public void Every_registered_check_becomes_patient_within_its_own_timeout()
    {
        var plain = new ResourceBecomingReady(afterLooks: 1);
        var options = new HealthCheckServiceOptions();
        options.Registrations.Add(new HealthCheckRegistration("no_timeout", _ => plain, HealthStatus.Unhealthy, tags: null));
        options.Registrations.Add(new HealthCheckRegistration("short_timeout", _ => plain, HealthStatus.Unhealthy, tags: null, timeout: TimeSpan.FromSeconds(4)));

        PatientHealthCheck.WrapAll(options);

        var checks = options.Registrations.Select(r => Assert.IsType<PatientHealthCheck>(r.Factory(null!))).ToList();
        Assert.All(checks, check => Assert.Same(plain, check.Check));
        Assert.Equal([PatientHealthCheck.MostPatience, TimeSpan.FromSeconds(2)], checks.Select(c => c.Patience));
    }

    [Theory]
    [InlineData(-1, 5_000)] // no timeout (infinite): the most patience
    [InlineData(60_000, 5_000)]
    [InlineData(10_000, 5_000)]
    [InlineData(4_000, 2_000)] // half of the timeout is left for the last attempt
    public void Patience_is_at_most_five_seconds_and_half_of_a_shorter_timeout(int timeoutMilliseconds, int patienceMilliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(patienceMilliseconds), PatientHealthCheck.PatienceWithin(TimeSpan.FromMilliseconds(timeoutMilliseconds)));
    }

    /// <summary>A resource that answers "not ready" (or throws) until its <c>afterLooks</c>-th look.</summary>
    private sealed class ResourceBecomingReady(int afterLooks, Exception? failure = null) : IHealthCheck
    {
        public int Looks { get; private set; }

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            Looks++;
            if (Looks >= afterLooks)
            {
                return Task.FromResult(HealthCheckResult.Healthy());
            }

            return failure is null ? Task.FromResult(HealthCheckResult.Unhealthy("starting")) : Task.FromException<HealthCheckResult>(failure);
        }
    }
}

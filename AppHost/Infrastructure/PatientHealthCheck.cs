using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AppHost.Infrastructure;

/// <summary>
/// A resource's health check that, while the resource is not healthy yet, looks again every quarter second for a
/// few seconds before answering. Aspire polls a resource that is not healthy with growing pauses (1, 2, 3, 4, then
/// every 5 s), so a resource that became ready just after a poll was seen up to 5 s late, and everything that waits
/// for it started that much later: a start's chain (broker, services, gateway) lost seconds at each link. A healthy
/// resource answers at once, as before; one that stays unhealthy is reported so a few seconds later.
/// </summary>
public sealed class PatientHealthCheck(IHealthCheck check, TimeSpan patience) : IHealthCheck
{
    public static readonly TimeSpan LookAgainAfter = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a check keeps looking before it reports "not healthy": Aspire's longest pause between polls.</summary>
    public static readonly TimeSpan MostPatience = TimeSpan.FromSeconds(5);

    public TimeSpan Patience => patience;

    public IHealthCheck Check => check;

    /// <summary>Makes every registered check patient (a health check service's options, before its first check).</summary>
    public static void WrapAll(HealthCheckServiceOptions options)
    {
        foreach (var registration in options.Registrations)
        {
            var factory = registration.Factory;
            var patience = PatienceWithin(registration.Timeout);
            registration.Factory = services => new PatientHealthCheck(factory(services), patience);
        }
    }

    /// <summary>A registration's own timeout bounds the whole check: half of it is left for the last attempt.</summary>
    public static TimeSpan PatienceWithin(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan || timeout > 2 * MostPatience ? MostPatience : timeout / 2;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var giveUpAt = DateTimeOffset.UtcNow + patience;
        while (true)
        {
            HealthCheckResult result;
            try
            {
                result = await check.CheckHealthAsync(context, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                result = new HealthCheckResult(context.Registration.FailureStatus, e.Message, e);
            }

            if (result.Status == HealthStatus.Healthy || DateTimeOffset.UtcNow + LookAgainAfter > giveUpAt)
            {
                return result;
            }

            await Task.Delay(LookAgainAfter, cancellationToken);
        }
    }
}

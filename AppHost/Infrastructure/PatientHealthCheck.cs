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

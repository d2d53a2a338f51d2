using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AppHost.Infrastructure;

public static class PatientHealthChecks
{
    /// <summary>How long a resource's check keeps looking before it reports "not healthy": Aspire's longest pause between polls.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Makes every resource health check of the AppHost a <see cref="PatientHealthCheck"/>, the ones Aspire's
    /// integrations register as well as ours, so that WaitFor and the dashboard see a resource healthy within a quarter
    /// second of it becoming so (docs/architecture.md, "Runtime settings for small machines").
    /// </summary>
    public static IDistributedApplicationBuilder WithPatientHealthChecks(this IDistributedApplicationBuilder builder)
    {
        builder.Services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations)
            {
                var factory = registration.Factory;
                // A registration's own timeout bounds the whole check: keep half of it for the last attempt.
                var patience = registration.Timeout == Timeout.InfiniteTimeSpan || registration.Timeout > 2 * Patience
                    ? Patience
                    : registration.Timeout / 2;
                registration.Factory = services => new PatientHealthCheck(factory(services), patience);
            }
        });
        return builder;
    }
}

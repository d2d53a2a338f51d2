using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AppHost.Infrastructure;

public static class PatientHealthChecks
{
    /// <summary>
    /// Makes every resource health check of the AppHost a <see cref="PatientHealthCheck"/>, the ones Aspire's
    /// integrations register as well as ours, so that WaitFor and the dashboard see a resource healthy within a quarter
    /// second of it becoming so (docs/architecture.md, "Runtime settings for small machines").
    /// </summary>
    public static IDistributedApplicationBuilder WithPatientHealthChecks(this IDistributedApplicationBuilder builder)
    {
        builder.Services.PostConfigure<HealthCheckServiceOptions>(PatientHealthCheck.WrapAll);
        return builder;
    }
}

using System.Diagnostics.Metrics;
using System.Security.Cryptography.X509Certificates;

namespace Identity.Service.Keys;

/// <summary>
/// Metric of the "Backend.Identity" meter: seconds until the signing certificate in use expires, so that an alert
/// (deploy/kubernetes/production/alerts.yaml) fires weeks before every token would stop validating.
/// A hosted service only so that the gauge exists from the start, before anything asks for it.
/// </summary>
public sealed class SigningCertificateMetrics : IHostedService
{
    public const string MeterName = "Backend.Identity";
    public const string ExpiryName = "backend.identity.signing_certificate.remaining";

    public SigningCertificateMetrics(IMeterFactory meters, TimeProvider clock, TokenKeys.Certificates certificates)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge(ExpiryName, () => SecondsLeft(certificates.Signing, clock.GetUtcNow()), unit: "s",
            description: "Seconds until the signing certificate in use (the first one currently valid) expires; negative once none is valid");
    }

    /// <summary>The certificate OpenIddict signs with is the first currently valid one; when none is, the latest expiry (negative).</summary>
    public static double SecondsLeft(IReadOnlyList<X509Certificate2> signing, DateTimeOffset now)
    {
        var inUse = signing.FirstOrDefault(certificate => certificate.NotBefore <= now && now < certificate.NotAfter);
        var notAfter = inUse?.NotAfter ?? signing.Select(certificate => certificate.NotAfter).DefaultIfEmpty(now.UtcDateTime).Max();
        return (new DateTimeOffset(notAfter.ToUniversalTime()) - now).TotalSeconds;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

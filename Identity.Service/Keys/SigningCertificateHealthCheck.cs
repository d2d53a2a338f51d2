using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Identity.Service.Keys;

/// <summary>
/// Degraded when the newest signing certificate (the one that expires last) expires within
/// <see cref="TokenKeyOptions.ExpiryWarning"/>: time to add its successor. Unhealthy once every one has expired:
/// no token this service signs would validate. The description names the certificate and the days left.
/// </summary>
public sealed class SigningCertificateHealthCheck(TokenKeys.Certificates certificates, IOptions<TokenKeyOptions> options, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Evaluate(certificates.Signing, clock.GetUtcNow(), options.Value.ExpiryWarning));

    internal static HealthCheckResult Evaluate(IReadOnlyList<X509Certificate2> signing, DateTimeOffset now, TimeSpan warning)
    {
        var newest = signing.MaxBy(certificate => certificate.NotAfter);
        if (newest is null)
        {
            return HealthCheckResult.Unhealthy("No signing certificate is configured.");
        }

        var left = new DateTimeOffset(newest.NotAfter.ToUniversalTime()) - now;
        var days = left.TotalDays.ToString("0.#", CultureInfo.InvariantCulture);
        var named = $"{newest.Subject} ({newest.Thumbprint})";
        if (left <= TimeSpan.Zero)
        {
            return HealthCheckResult.Unhealthy($"Every signing certificate has expired; the newest, {named}, {(-left.TotalDays).ToString("0.#", CultureInfo.InvariantCulture)} days ago.");
        }

        return left <= warning
            ? HealthCheckResult.Degraded($"The newest signing certificate, {named}, expires in {days} days: add its successor.")
            : HealthCheckResult.Healthy($"The newest signing certificate, {named}, expires in {days} days.");
    }
}

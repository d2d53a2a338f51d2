using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Identity.Service.Keys;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Unit.Tests.Identity;

/// <summary>What an operator sees on the readiness report as the signing certificates near their end.</summary>
public sealed class SigningCertificateHealthCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Healthy_while_the_newest_certificate_has_more_than_the_warning_left()
    {
        using var signing = Certificate("CN=signing", Now.AddDays(-10), Now.AddDays(90));

        var result = await CheckAsync(signing);

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task Degraded_within_the_warning_naming_the_certificate_and_the_days_left()
    {
        using var signing = Certificate("CN=signing-2026", Now.AddDays(-300), Now.AddDays(12));

        var result = await CheckAsync(signing);

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("CN=signing-2026", result.Description, StringComparison.Ordinal);
        Assert.Contains(signing.Thumbprint, result.Description, StringComparison.Ordinal);
        Assert.Contains("12 days", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_successor_already_listed_keeps_it_healthy_while_the_old_one_runs_out()
    {
        using var old = Certificate("CN=old", Now.AddDays(-300), Now.AddDays(5));
        using var successor = Certificate("CN=successor", Now.AddDays(-1), Now.AddDays(365));

        var result = await CheckAsync(old, successor);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Contains("CN=successor", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unhealthy_once_every_certificate_has_expired()
    {
        using var older = Certificate("CN=older", Now.AddDays(-400), Now.AddDays(-40));
        using var newest = Certificate("CN=newest", Now.AddDays(-300), Now.AddDays(-3));

        var result = await CheckAsync(older, newest);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("CN=newest", result.Description, StringComparison.Ordinal);
        Assert.Contains("3 days ago", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_warning_period_is_a_setting()
    {
        using var signing = Certificate("CN=signing", Now.AddDays(-10), Now.AddDays(45));

        var result = await CheckAsync(new TokenKeyOptions { ExpiryWarning = TimeSpan.FromDays(60) }, signing);

        Assert.Equal(HealthStatus.Degraded, result.Status);
    }

    private static Task<HealthCheckResult> CheckAsync(params X509Certificate2[] signing) => CheckAsync(new TokenKeyOptions(), signing);

    private static Task<HealthCheckResult> CheckAsync(TokenKeyOptions options, params X509Certificate2[] signing)
    {
        var check = new SigningCertificateHealthCheck(new TokenKeys.Certificates(signing, []), Options.Create(options), new FakeTimeProvider(Now));
        return check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
    }

    private static X509Certificate2 Certificate(string subject, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var rsa = RSA.Create(2048);
        return new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSelfSigned(notBefore, notAfter);
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Identity.Service.Keys;

namespace Unit.Tests.Identity;

/// <summary>The gauge the certificate-expiry alert reads: time left on the certificate that signs, not on any listed one.</summary>
public sealed class SigningCertificateMetricsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Counts_down_to_the_first_currently_valid_certificate()
    {
        using var signing = Certificate(Now.AddDays(-10), Now.AddDays(5));
        using var next = Certificate(Now.AddDays(-1), Now.AddDays(400));

        Assert.Equal(TimeSpan.FromDays(5).TotalSeconds, SigningCertificateMetrics.SecondsLeft([signing, next], Now), precision: 0);
    }

    [Fact]
    public void Skips_an_expired_certificate_listed_first()
    {
        using var expired = Certificate(Now.AddDays(-100), Now.AddDays(-1));
        using var current = Certificate(Now.AddDays(-1), Now.AddDays(30));

        Assert.Equal(TimeSpan.FromDays(30).TotalSeconds, SigningCertificateMetrics.SecondsLeft([expired, current], Now), precision: 0);
    }

    [Fact]
    public void Goes_negative_once_none_is_valid()
    {
        using var expired = Certificate(Now.AddDays(-100), Now.AddDays(-2));

        Assert.Equal(-TimeSpan.FromDays(2).TotalSeconds, SigningCertificateMetrics.SecondsLeft([expired], Now), precision: 0);
    }

    private static X509Certificate2 Certificate(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var rsa = RSA.Create(2048);
        return new CertificateRequest("CN=test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).CreateSelfSigned(notBefore, notAfter);
    }
}

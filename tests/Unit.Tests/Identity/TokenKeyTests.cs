using Identity.Service.Keys;

namespace Unit.Tests.Identity;

public sealed class TokenKeyTests
{
    [Fact]
    public void Outside_development_start_up_fails_naming_the_missing_certificate_settings()
    {
        var options = new TokenKeyOptions { Directory = Path.Combine(Path.GetTempPath(), $"keys-{Guid.NewGuid():N}") };

        var failure = Assert.Throws<InvalidOperationException>(() => TokenKeys.Load(options, isDevelopment: false));

        Assert.Contains("Identity:Keys:SigningCertificates", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Identity:Keys:EncryptionCertificates", failure.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(options.Directory)); // no self-signed key was made
    }

    [Fact]
    public void Signing_certificates_without_encryption_certificates_are_refused_by_name()
    {
        var options = new TokenKeyOptions { SigningCertificates = ["/nonexistent/signing.pfx"] };

        var failure = Assert.Throws<InvalidOperationException>(() => TokenKeys.Load(options, isDevelopment: false));

        Assert.Contains("Identity:Keys:EncryptionCertificates", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void In_development_a_self_signed_pair_is_made_once_and_reused()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"keys-{Guid.NewGuid():N}");
        try
        {
            var first = TokenKeys.Load(new TokenKeyOptions { Directory = directory }, isDevelopment: true);
            var second = TokenKeys.Load(new TokenKeyOptions { Directory = directory }, isDevelopment: true);

            Assert.Equal(first.Signing[0].Thumbprint, second.Signing[0].Thumbprint);
            Assert.Single(second.Encryption);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

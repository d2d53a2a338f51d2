namespace Identity.Service.Keys;

/// <summary>
/// Where the token signing and encryption certificates come from. Never ephemeral keys: those would
/// invalidate every token (log everyone out) at each restart.
/// <list type="bullet">
/// <item>Production: <c>SigningCertificates</c> / <c>EncryptionCertificates</c>, PFX files (with <c>CertificatePassword</c>).
/// List the new certificate first and keep the old one until the tokens it signed have expired: the first
/// currently valid certificate signs, every one is published in the JWKS.</item>
/// <item>Development: <c>Directory</c>, where a self-signed pair is generated on first start and reused afterwards.</item>
/// </list>
/// </summary>
public sealed class TokenKeyOptions
{
    public const string SectionName = "Identity:Keys";

    public string? Directory { get; set; }

    public List<string> SigningCertificates { get; set; } = [];

    public List<string> EncryptionCertificates { get; set; } = [];

    public string? CertificatePassword { get; set; }

    /// <summary>How long before the newest signing certificate expires the health check turns Degraded (time to rotate).</summary>
    public TimeSpan ExpiryWarning { get; set; } = TimeSpan.FromDays(30);
}

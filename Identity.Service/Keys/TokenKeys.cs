using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Identity.Service.Keys;

public static class TokenKeys
{
    public sealed record Certificates(IReadOnlyList<X509Certificate2> Signing, IReadOnlyList<X509Certificate2> Encryption);

    public static Certificates Load(IConfiguration configuration, IHostEnvironment environment) =>
        Load(configuration.GetSection(TokenKeyOptions.SectionName).Get<TokenKeyOptions>() ?? new(), environment.IsDevelopment());

    /// <summary>
    /// The configured certificates; only in Development, without them, a self-signed pair kept in <c>Directory</c>. Anywhere
    /// else start-up fails naming the missing setting: a self-signed key nobody manages would expire (2 years) and take
    /// the service down with it, and nobody would know how to rotate it.
    /// </summary>
    public static Certificates Load(TokenKeyOptions options, bool isDevelopment)
    {
        if (options.SigningCertificates.Count > 0)
        {
            if (options.EncryptionCertificates.Count == 0)
            {
                throw new InvalidOperationException($"{TokenKeyOptions.SectionName}:EncryptionCertificates is required with {TokenKeyOptions.SectionName}:SigningCertificates (PFX paths).");
            }

            return new Certificates(
                [.. options.SigningCertificates.Select(path => LoadPfx(path, options.CertificatePassword))],
                [.. options.EncryptionCertificates.Select(path => LoadPfx(path, options.CertificatePassword))]);
        }

        if (!isDevelopment)
        {
            throw new InvalidOperationException(
                $"{TokenKeyOptions.SectionName}:SigningCertificates and {TokenKeyOptions.SectionName}:EncryptionCertificates (PFX paths, with " +
                $"{TokenKeyOptions.SectionName}:CertificatePassword) are required outside Development; self-signed keys are generated in Development only.");
        }

        var directory = options.Directory
            ?? throw new InvalidOperationException($"Configure {TokenKeyOptions.SectionName}:SigningCertificates (production) or {TokenKeyOptions.SectionName}:Directory (development).");
        System.IO.Directory.CreateDirectory(directory);
        return new Certificates(
            [LoadOrCreate(Path.Combine(directory, "signing.pfx"), "CN=Backend token signing", X509KeyUsageFlags.DigitalSignature)],
            [LoadOrCreate(Path.Combine(directory, "encryption.pfx"), "CN=Backend token encryption", X509KeyUsageFlags.KeyEncipherment)]);
    }

    private static X509Certificate2 LoadPfx(string path, string? password) =>
        X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.EphemeralKeySet);

    /// <summary>
    /// Creates the certificate once. Replicas starting together race safely: each writes a temporary file
    /// and only the first move wins; the others load the winner's certificate.
    /// </summary>
    private static X509Certificate2 LoadOrCreate(string path, string subject, X509KeyUsageFlags usage)
    {
        if (!File.Exists(path))
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(2));
            var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
            File.WriteAllBytes(temporary, certificate.Export(X509ContentType.Pfx));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }

        return LoadPfx(path, password: null);
    }
}

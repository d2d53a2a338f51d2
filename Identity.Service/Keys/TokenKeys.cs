using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Identity.Service.Keys;

public static class TokenKeys
{
    public sealed record Certificates(IReadOnlyList<X509Certificate2> Signing, IReadOnlyList<X509Certificate2> Encryption);

    public static Certificates Load(IConfiguration configuration) =>
        Load(configuration.GetSection(TokenKeyOptions.SectionName).Get<TokenKeyOptions>() ?? new());

    public static Certificates Load(TokenKeyOptions options)
    {
        if (options.SigningCertificates.Count > 0)
        {
            return new Certificates(
                [.. options.SigningCertificates.Select(path => LoadPfx(path, options.CertificatePassword))],
                [.. options.EncryptionCertificates.Select(path => LoadPfx(path, options.CertificatePassword))]);
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

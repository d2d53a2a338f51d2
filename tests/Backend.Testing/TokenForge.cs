using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Backend.Testing;

/// <summary>
/// Mints access tokens signed with Identity.Service's real signing key (read from the run's data folder),
/// so a test can present a token that is valid in every respect but one, and see a resource server refuse it.
/// </summary>
public sealed class TokenForge(string identityKeysDirectory)
{
    private readonly X509Certificate2 _signing = X509CertificateLoader.LoadPkcs12FromFile(
        Path.Combine(identityKeysDirectory, "signing.pfx"), null, X509KeyStorageFlags.EphemeralKeySet);

    public string Create(string issuer, string audience, string subject, string scope, TimeSpan? lifetime = null, DateTime? expires = null,
        string? role = null, string tokenType = "at+jwt")
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object> { ["sub"] = subject, ["scope"] = scope, ["email"] = $"{subject}@forge.test", ["name"] = "Forged" };
        if (role is not null)
        {
            claims["role"] = role;
        }

        var expiry = expires ?? now + (lifetime ?? TimeSpan.FromMinutes(5));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = expiry < now ? expiry.AddMinutes(-5) : now,
            NotBefore = expiry < now ? expiry.AddMinutes(-5) : now,
            Expires = expiry,
            TokenType = tokenType,
            SigningCredentials = new X509SigningCredentials(_signing, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>The same claims with <c>alg: none</c> and no signature.</summary>
    public static string WithoutSignature(string jwt)
    {
        var parts = jwt.Split('.');
        var header = Encode(JsonSerializer.SerializeToUtf8Bytes(new { alg = "none", typ = "at+jwt" }));
        return $"{header}.{parts[1]}.";
    }

    /// <summary>The payload changed (role escalated to admin), the original signature kept.</summary>
    public static string Tampered(string jwt)
    {
        var parts = jwt.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1]))!;
        var changed = payload.ToDictionary(kv => kv.Key, kv => (object)kv.Value);
        changed["role"] = "admin";
        return $"{parts[0]}.{Encode(JsonSerializer.SerializeToUtf8Bytes(changed))}.{parts[2]}";
    }

    private static string Encode(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}

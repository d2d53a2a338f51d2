namespace ServiceDefaults.Callers;

/// <summary>The JWT claim names every service reads (kept as issued: no remapping to WS-* claim types).</summary>
public static class TokenClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Email = "email";
    public const string EmailVerified = "email_verified";
    public const string Role = "role";
    public const string Scope = "scope";
    public const string ClientId = "client_id";
}

namespace Backend.Testing;

public sealed record TokenSet(string AccessToken, string? RefreshToken, string? IdToken, int ExpiresIn, string? Scope);

namespace Backend.Testing;

/// <summary>A signed-in person: their access token (and refresh token) from the real code flow, and who they are.</summary>
public sealed record SignedInUser(string AccessToken, string? RefreshToken, Guid Id, string Email, string Name);

namespace Users.Service.Users;

/// <summary>A profile as cached: what GET returns, and its version for the ETag.</summary>
public sealed record CachedUser(UserResponse User, uint Version);

namespace Users.Service.Users;

/// <summary>The position in the list: the last id returned.</summary>
public sealed record UserCursor(Guid Id);

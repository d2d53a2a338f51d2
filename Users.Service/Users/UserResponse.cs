namespace Users.Service.Users;

/// <summary>A profile as the API shows it.</summary>
public sealed record UserResponse(Guid Id, string Email, string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static UserResponse From(User user) => new(user.Id, user.Email, user.Name, user.CreatedAt, user.UpdatedAt);
}

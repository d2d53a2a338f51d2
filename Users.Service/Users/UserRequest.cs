using ServiceDefaults.Validation;

namespace Users.Service.Users;

/// <summary>What a client may set on a profile (POST and PUT). Anything else in the body is refused.</summary>
public sealed record UserRequest(string? Email, string? Name) : IValidatableRequest
{
    public const int MaxNameLength = 100;

    /// <summary>Whether this asks for another address than the profile's (case and spacing aside): refused, the address is the account's.</summary>
    public bool ChangesEmailOf(User user) => Email is not null && TextRules.NormalizeEmail(Email) != user.Email;

    public void Validate(ValidationErrors errors)
    {
        errors.CheckEmail("email", Email);
        errors.CheckText("name", Name, MaxNameLength);
    }
}

using Microsoft.AspNetCore.Mvc;
using ServiceDefaults.Pagination;
using ServiceDefaults.Validation;

namespace Users.Service.Users;

/// <summary>GET /api/v1/users: keyset pagination by id, optional prefix filters.</summary>
public sealed class ListUsersQuery : CursorQuery<UserCursor>
{
    [FromQuery(Name = "email_prefix")]
    public string? EmailPrefix { get; set; }

    [FromQuery(Name = "name_prefix")]
    public string? NamePrefix { get; set; }

    public override void Validate(ValidationErrors errors)
    {
        base.Validate(errors);
        if (EmailPrefix is not null)
        {
            errors.CheckText("email_prefix", EmailPrefix, TextRules.MaxEmailLength);
        }

        if (NamePrefix is not null)
        {
            errors.CheckText("name_prefix", NamePrefix, UserRequest.MaxNameLength);
        }
    }
}

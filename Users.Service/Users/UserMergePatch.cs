using System.Text.Json;
using ServiceDefaults.Validation;

namespace Users.Service.Users;

/// <summary>
/// A JSON Merge Patch (RFC 7396) of a profile: members present replace, members absent stay, null
/// removes — which neither email nor name allows.
/// </summary>
public static class UserMergePatch
{
    public const string MediaType = MergePatchMembers.MediaType;

    /// <summary>The full request after applying <paramref name="patch"/> to <paramref name="current"/>, or the errors.</summary>
    public static UserRequest Apply(JsonElement patch, User current, ValidationErrors errors)
    {
        if (patch.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$", "A merge patch must be a JSON object.");
            return new UserRequest(current.Email, current.Name);
        }

        string? email = current.Email, name = current.Name;
        foreach (var member in patch.EnumerateObject())
        {
            if (MergePatchMembers.Name(member, errors) is not { } field)
            {
                continue;
            }

            switch (field)
            {
                case "email":
                    email = MergePatchMembers.Text(field, member.Value, errors);
                    break;
                case "name":
                    name = MergePatchMembers.Text(field, member.Value, errors);
                    break;
                default:
                    errors.Add(field, "This field cannot be changed.");
                    break;
            }
        }

        return new UserRequest(email, name);
    }
}

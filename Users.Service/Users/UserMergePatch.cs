using System.Text.Json;
using ServiceDefaults.Validation;

namespace Users.Service.Users;

/// <summary>
/// A JSON Merge Patch (RFC 7396) of a profile: members present replace, members absent stay, null
/// removes — which neither email nor name allows.
/// </summary>
public static class UserMergePatch
{
    public const string MediaType = "application/merge-patch+json";

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
            // The JSON reader checks structure, not encoding: a name or string holding invalid UTF-8 or a lone
            // surrogate escape ("\uD800") only fails when it is decoded, here.
            if (Decoded(() => member.Name) is not { } field)
            {
                errors.Add("$", InvalidUnicode);
                continue;
            }

            switch (field)
            {
                case "email":
                    email = Text(field, member.Value, errors);
                    break;
                case "name":
                    name = Text(field, member.Value, errors);
                    break;
                default:
                    errors.Add(field, "This field cannot be changed.");
                    break;
            }
        }

        return new UserRequest(email, name);
    }

    private const string InvalidUnicode = "Contains characters that are not allowed (invalid Unicode).";

    private static string? Text(string field, JsonElement value, ValidationErrors errors)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = Decoded(value.GetString);
                if (text is null)
                {
                    errors.Add(field, InvalidUnicode);
                }

                return text;
            case JsonValueKind.Null:
                errors.Add(field, "Cannot be removed.");
                return null;
            default:
                errors.Add(field, "Must be a string.");
                return null;
        }
    }

    /// <summary>The decoded text, or null when the JSON text is not valid Unicode.</summary>
    private static string? Decoded(Func<string?> decode)
    {
        try
        {
            return decode();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}

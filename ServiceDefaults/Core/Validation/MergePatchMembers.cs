using System.Text.Json;

namespace ServiceDefaults.Validation;

/// <summary>
/// Reading the members of a JSON Merge Patch (RFC 7396), shared by every resource that accepts one: members present
/// replace, null removes (where the field allows it), and text that is not valid Unicode is an error, not a 500.
/// </summary>
public static class MergePatchMembers
{
    public const string MediaType = "application/merge-patch+json";

    public const string InvalidUnicode = "Contains characters that are not allowed (invalid Unicode).";

    /// <summary>
    /// The member's name, or null (with an error on "$") when it is not valid Unicode. The JSON reader checks structure,
    /// not encoding: a name holding invalid UTF-8 or a lone surrogate escape ("\uD800") only fails when decoded, here.
    /// </summary>
    public static string? Name(JsonProperty member, ValidationErrors errors)
    {
        var name = Decoded(() => member.Name);
        if (name is null)
        {
            errors.Add("$", InvalidUnicode);
        }

        return name;
    }

    /// <summary>A text member's new value; null with an error for a non-string, or for null where the field cannot be removed.</summary>
    public static string? Text(string field, JsonElement value, ValidationErrors errors, bool removable = false)
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
                if (!removable)
                {
                    errors.Add(field, "Cannot be removed.");
                }

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

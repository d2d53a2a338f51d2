using System.Globalization;
using System.Net.Mail;

namespace ServiceDefaults.Validation;

/// <summary>Rules for user-supplied text, shared by every API.</summary>
public static class TextRules
{
    /// <summary>Characters as a person counts them: "👩‍👩‍👧" or "é" (e + combining accent) is one.</summary>
    public static int PerceivedLength(string text) => new StringInfo(text).LengthInTextElements;

    /// <summary>
    /// No lone UTF-16 surrogates (they cannot be stored as UTF-8) and no control characters (NUL is
    /// refused by PostgreSQL; the others have no place in a name or an address), and no invisible formatting.
    /// </summary>
    public static bool IsCleanText(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(c) || char.IsControl(c) || IsInvisibleFormatting(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Formatting characters that change how text looks without being seen: zero-width spaces, direction
    /// overrides (U+202E makes "gpj.exe" read "exe.jpg"), line and paragraph separators, the byte-order mark.
    /// The zero-width joiner and non-joiner stay: emoji sequences and several scripts need them.
    /// </summary>
    private static bool IsInvisibleFormatting(char c) =>
        c is not ('\u200C' or '\u200D')
        && char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    /// <summary>
    /// UTF-16 units allowed per perceived character. A family emoji takes 8; a character buried under
    /// combining marks ("Zalgo") could take thousands, so the storage size is bounded too.
    /// </summary>
    public const int MaxUnitsPerCharacter = 10;

    /// <summary>Checks a display text (name, product name): present, clean, within a perceived length.</summary>
    public static void CheckText(this ValidationErrors errors, string field, string? value, int maxLength, bool required = true)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add(field, "Required.");
            }

            return;
        }

        if (!IsCleanText(value))
        {
            errors.Add(field, "Contains characters that are not allowed (control characters or invalid Unicode).");
            return;
        }

        var length = PerceivedLength(value.Trim());
        if (length == 0)
        {
            errors.Add(field, "Must not be empty.");
        }
        else if (length > maxLength || value.Trim().Length > maxLength * MaxUnitsPerCharacter)
        {
            errors.Add(field, $"Must be at most {maxLength} characters (got {length}).");
        }
    }

    public const int MaxEmailLength = 255;

    /// <summary>An address of the form local@domain.tld, no display name, at most 255 characters.</summary>
    public static void CheckEmail(this ValidationErrors errors, string field, string? value)
    {
        if (value is null)
        {
            errors.Add(field, "Required.");
            return;
        }

        var email = value.Trim();
        if (email.Length == 0)
        {
            errors.Add(field, "Must not be empty.");
        }
        else if (email.Length > MaxEmailLength)
        {
            errors.Add(field, $"Must be at most {MaxEmailLength} characters.");
        }
        else if (!IsEmailAddress(email))
        {
            errors.Add(field, "Is not a valid email address.");
        }
    }

    public static bool IsEmailAddress(string email) =>
        IsCleanText(email)
        && !email.Any(char.IsWhiteSpace)
        && MailAddress.TryCreate(email, out var address)
        && address.Address == email
        && address.User.Length is > 0 and <= 64
        && address.Host.Contains('.', StringComparison.Ordinal)
        && !address.Host.StartsWith('.') && !address.Host.EndsWith('.');

    /// <summary>Stored form of an email: trimmed and lower-cased, so uniqueness ignores case.</summary>
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();
}

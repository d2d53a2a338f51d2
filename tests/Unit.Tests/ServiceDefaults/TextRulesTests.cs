using System.Text.RegularExpressions;
using ServiceDefaults.Validation;
using static Unit.Tests.Validation;

namespace Unit.Tests.ServiceDefaults;

public sealed class TextRulesTests
{
    private const string Family = "👩\u200D👩\u200D👧";
    private const string CombinedE = "e\u0301";

    [Theory]
    [InlineData("", 0)]
    [InlineData("Anna", 4)]
    [InlineData(Family, 1)]
    [InlineData(CombinedE, 1)]
    [InlineData("Ren" + CombinedE + "e", 5)]
    [InlineData("🇫🇷", 1)]
    [InlineData("👍🏽", 1)]
    [InlineData("😀😀", 2)]
    public void Length_counts_characters_as_a_person_sees_them(string text, int length)
    {
        Assert.Equal(length, TextRules.PerceivedLength(text));
    }

    [Theory]
    [InlineData("Anna")]
    [InlineData("Zoë 👩‍👩‍👧")]
    [InlineData("O'Brien-Smith")]
    [InlineData("李小龍")]
    public void Ordinary_text_in_any_script_is_clean(string text)
    {
        Assert.True(TextRules.IsCleanText(text));
    }

    [Theory]
    [InlineData("Anna\u0000")]
    [InlineData("An\tna")]
    [InlineData("Anna\n")]
    [InlineData("An\rna")]
    [InlineData("\u001B[31mAnna")]
    [InlineData("Anna\u007F")]
    [InlineData("Anna\u0085")]
    public void Control_characters_are_not_clean(string text)
    {
        Assert.False(TextRules.IsCleanText(text));
    }

    // Escaped: a lone surrogate cannot be stored in an attribute (the compiler writes attribute strings as UTF-8).
    [Theory]
    [InlineData(@"\uD800")]
    [InlineData(@"\uDC00")]
    [InlineData(@"Anna\uD83D")]
    [InlineData(@"\uDE00\uD83D")]
    [InlineData(@"a\uD83Db")]
    public void Lone_or_reversed_surrogates_are_not_clean(string escaped)
    {
        Assert.False(TextRules.IsCleanText(Regex.Unescape(escaped)));
    }

    [Fact]
    public void A_missing_required_text_is_refused_and_an_optional_one_is_not()
    {
        Assert.Equal(["Required."], ErrorsOf(e => e.CheckText("name", null, 10))["name"]);
        Assert.Empty(ErrorsOf(e => e.CheckText("name", null, 10, required: false)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u00A0\u2003")]
    public void Blank_text_is_refused(string text)
    {
        Assert.Equal(["Must not be empty."], ErrorsOf(e => e.CheckText("name", text, 10))["name"]);
    }

    [Fact]
    public void Text_with_a_control_character_is_refused_under_its_field_name()
    {
        var errors = ErrorsOf(e => e.CheckText("items[3].name", "Mug\u0000", 10));

        Assert.Contains("control characters", Assert.Single(errors["items[3].name"]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Anna", 4, true)]
    [InlineData("Annas", 4, false)]
    [InlineData("  Anna  ", 4, true)]
    [InlineData(Family + Family + Family, 3, true)]
    [InlineData(Family + Family + Family + Family, 3, false)]
    [InlineData("Ren" + CombinedE + "e", 5, true)]
    public void Text_is_limited_in_perceived_characters_not_code_units(string text, int maxLength, bool accepted)
    {
        Assert.Equal(accepted, ErrorsOf(e => e.CheckText("name", text, maxLength)).Count == 0);
    }

    [Fact]
    public void The_length_error_says_the_limit_and_the_length_given()
    {
        var errors = ErrorsOf(e => e.CheckText("name", "Annas", 4));

        Assert.Equal(["Must be at most 4 characters (got 5)."], errors["name"]);
    }

    [Theory]
    [InlineData(9, true)]
    [InlineData(10, false)]
    public void A_character_buried_under_combining_marks_counts_against_the_storage_bound(int marks, bool accepted)
    {
        // "Zalgo": one perceived character made of many code units; at most 10 units per allowed character.
        var zalgo = "Z" + new string('\u0336', marks);
        Assert.Equal(1, TextRules.PerceivedLength(zalgo));

        Assert.Equal(accepted, ErrorsOf(e => e.CheckText("name", zalgo, 1)).Count == 0);
    }

    [Fact]
    public void A_long_zalgo_name_within_the_character_count_is_refused()
    {
        var zalgo = string.Concat(Enumerable.Repeat("a" + new string('\u0300', 50), 20));

        Assert.Equal(20, TextRules.PerceivedLength(zalgo));
        Assert.Single(ErrorsOf(e => e.CheckText("name", zalgo, 100))["name"]);
    }

    [Theory]
    [InlineData("ann@example.com")]
    [InlineData("Ann.Lee+shop@mail.example.co.uk")]
    [InlineData("  ann@example.com  ")]
    [InlineData("o'brien@example.ie")]
    public void An_ordinary_address_is_accepted(string email)
    {
        Assert.Empty(ErrorsOf(e => e.CheckEmail("email", email)));
    }

    [Theory]
    [InlineData("ann")]
    [InlineData("ann@")]
    [InlineData("@example.com")]
    [InlineData("ann@localhost")]
    [InlineData("ann@example.com.")]
    [InlineData("ann@.example.com")]
    [InlineData("ann lee@example.com")]
    [InlineData("ann@exa mple.com")]
    [InlineData("Ann <ann@example.com>")]
    [InlineData("ann@example.com, bob@example.com")]
    [InlineData("ann@example.com\u0000")]
    [InlineData("ann@@example.com")]
    public void Something_that_is_not_a_plain_address_is_refused(string email)
    {
        Assert.Equal(["Is not a valid email address."], ErrorsOf(e => e.CheckEmail("email", email))["email"]);
    }

    [Fact]
    public void An_address_with_a_lone_surrogate_is_refused()
    {
        Assert.Equal(["Is not a valid email address."], ErrorsOf(e => e.CheckEmail("email", "ann\uD800@example.com"))["email"]);
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void The_part_before_the_at_sign_has_at_most_64_characters(int length, bool accepted)
    {
        var email = new string('a', length) + "@example.com";

        Assert.Equal(accepted, ErrorsOf(e => e.CheckEmail("email", email)).Count == 0);
    }

    [Fact]
    public void An_address_has_at_most_255_characters()
    {
        var domain = string.Join('.', Enumerable.Repeat(new string('d', 60), 4)) + ".com";
        var fits = new string('a', 255 - domain.Length - 1) + "@" + domain;

        Assert.Equal(255, fits.Length);
        Assert.Empty(ErrorsOf(e => e.CheckEmail("email", fits)));
        Assert.Equal(["Must be at most 255 characters."], ErrorsOf(e => e.CheckEmail("email", "a" + fits))["email"]);
    }

    [Fact]
    public void A_missing_or_blank_address_is_refused()
    {
        Assert.Equal(["Required."], ErrorsOf(e => e.CheckEmail("email", null))["email"]);
        Assert.Equal(["Must not be empty."], ErrorsOf(e => e.CheckEmail("email", "   "))["email"]);
    }

    [Theory]
    [InlineData("Ann@Example.COM", "ann@example.com")]
    [InlineData("  ann@example.com\t", "ann@example.com")]
    [InlineData("ann@example.com", "ann@example.com")]
    public void Addresses_are_stored_trimmed_and_lower_case_so_case_never_makes_a_second_account(string email, string stored)
    {
        Assert.Equal(stored, TextRules.NormalizeEmail(email));
    }
}

using ServiceDefaults.Validation;

namespace Unit.Tests.ServiceDefaults;

public sealed class InvisibleTextTests
{
    [Theory]
    [InlineData("\u200B")]
    [InlineData("Anna\u200B")]
    [InlineData("Anna\u202Egpj.exe")]
    [InlineData("Anna\u2028Berg")]
    [InlineData("Anna\u2029")]
    [InlineData("\uFEFFAnna")]
    [InlineData("An\u00ADna")]
    public void Text_with_invisible_formatting_is_not_clean(string text)
    {
        Assert.False(TextRules.IsCleanText(text));
    }

    [Fact]
    public void Two_addresses_that_would_look_the_same_cannot_both_be_valid()
    {
        Assert.True(TextRules.IsEmailAddress("ann@example.com"));
        Assert.False(TextRules.IsEmailAddress("ann\u200B@example.com"));
        Assert.False(TextRules.IsEmailAddress("ann\u202E@example.com"));
    }

    [Theory]
    [InlineData("👩\u200D👩\u200D👧")]
    [InlineData("می\u200Cخواهم")]
    public void Joiners_that_emoji_and_scripts_need_stay_clean(string text)
    {
        Assert.True(TextRules.IsCleanText(text));
    }
}

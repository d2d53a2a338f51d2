using Users.Service.Users;
using static Unit.Tests.Validation;

namespace Unit.Tests.Users;

public sealed class UserRequestTests
{
    [Fact]
    public void A_profile_with_an_address_and_a_name_is_accepted()
    {
        Assert.Empty(ErrorsOf(new UserRequest("ann@example.com", "Ann Lee 👩‍👩‍👧")));
    }

    [Fact]
    public void Both_fields_are_required_and_named_in_the_errors()
    {
        var errors = ErrorsOf(new UserRequest(null, null));

        Assert.Equal(["Required."], errors["email"]);
        Assert.Equal(["Required."], errors["name"]);
    }

    [Theory]
    [InlineData("ann@example", "email")]
    [InlineData("Ann <ann@example.com>", "email")]
    public void A_bad_address_is_reported_under_email(string email, string field)
    {
        Assert.Equal([field], ErrorsOf(new UserRequest(email, "Ann")).Keys);
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void A_name_has_at_most_100_characters(int length, bool accepted)
    {
        var errors = ErrorsOf(new UserRequest("ann@example.com", new string('n', length)));

        Assert.Equal(accepted ? Array.Empty<string>() : ["name"], errors.Keys);
    }

    [Theory]
    [InlineData("Ann\u0000Lee")]
    [InlineData("Ann\nLee")]
    [InlineData("   ")]
    public void A_name_with_control_characters_or_nothing_visible_is_refused(string name)
    {
        Assert.Equal(["name"], ErrorsOf(new UserRequest("ann@example.com", name)).Keys);
    }

    [Fact]
    public void A_name_with_a_lone_surrogate_is_refused()
    {
        Assert.Equal(["name"], ErrorsOf(new UserRequest("ann@example.com", "Ann\uD800")).Keys);
    }
}

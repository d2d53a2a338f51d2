using ServiceDefaults.Pagination;
using Users.Service.Users;
using static Unit.Tests.Validation;

namespace Unit.Tests.Users;

public sealed class ListUsersQueryTests
{
    [Fact]
    public void Prefix_filters_are_optional()
    {
        Assert.Empty(ErrorsOf(new ListUsersQuery()));
        Assert.Empty(ErrorsOf(new ListUsersQuery { EmailPrefix = "ann@", NamePrefix = "An" }));
    }

    [Fact]
    public void Prefixes_longer_than_the_fields_they_filter_are_refused()
    {
        var errors = ErrorsOf(new ListUsersQuery { EmailPrefix = new string('a', 256), NamePrefix = new string('n', 101) });

        Assert.Equal(["email_prefix", "name_prefix"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("an\u0000")]
    [InlineData("")]
    public void An_empty_prefix_or_one_with_a_control_character_is_refused(string prefix)
    {
        Assert.Equal(["name_prefix"], ErrorsOf(new ListUsersQuery { NamePrefix = prefix }).Keys);
    }

    [Fact]
    public void A_cursor_from_the_users_list_points_after_that_user()
    {
        var last = new UserCursor(Guid.NewGuid());
        var query = new ListUsersQuery { Cursor = Cursors.Encode(last), Limit = 50 };

        Assert.Empty(ErrorsOf(query));
        Assert.Equal(last, query.After);
    }
}

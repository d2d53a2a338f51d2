using System.Text.Json;
using ServiceDefaults.Validation;
using Users.Service.Users;

namespace Unit.Tests.Users;

public sealed class UserMergePatchTests
{
    private static User Ann() => new()
    {
        Id = Guid.NewGuid(),
        Email = "ann@example.com",
        Name = "Ann Lee",
        CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        UpdatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };

    private static (UserRequest Result, Dictionary<string, string[]> Errors) Apply(string patchJson)
    {
        using var patch = JsonDocument.Parse(patchJson);
        var errors = new ValidationErrors();
        var result = UserMergePatch.Apply(patch.RootElement, Ann(), errors);
        return (result, errors.ToDictionary());
    }

    [Fact]
    public void A_present_member_replaces_and_an_absent_one_stays()
    {
        var (result, errors) = Apply("""{ "name": "Ann Smith" }""");

        Assert.Empty(errors);
        Assert.Equal(new UserRequest("ann@example.com", "Ann Smith"), result);
    }

    [Fact]
    public void Both_members_can_change_at_once()
    {
        var (result, errors) = Apply("""{ "email": "ann.smith@example.com", "name": "Ann Smith" }""");

        Assert.Empty(errors);
        Assert.Equal(new UserRequest("ann.smith@example.com", "Ann Smith"), result);
    }

    [Fact]
    public void An_empty_patch_changes_nothing()
    {
        var (result, errors) = Apply("{}");

        Assert.Empty(errors);
        Assert.Equal(new UserRequest("ann@example.com", "Ann Lee"), result);
    }

    [Theory]
    [InlineData("email")]
    [InlineData("name")]
    public void Null_cannot_remove_a_member(string field)
    {
        var (_, errors) = Apply($$"""{ "{{field}}": null }""");

        Assert.Equal(["Cannot be removed."], errors[field]);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[{ \"name\": \"Ann Smith\" }]")]
    [InlineData("\"Ann Smith\"")]
    [InlineData("42")]
    [InlineData("true")]
    [InlineData("null")]
    public void A_patch_that_is_not_a_json_object_is_refused_and_changes_nothing(string patch)
    {
        var (result, errors) = Apply(patch);

        Assert.Equal(["$"], errors.Keys);
        Assert.Equal(new UserRequest("ann@example.com", "Ann Lee"), result);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("created_at")]
    [InlineData("version")]
    [InlineData("Name")]
    [InlineData("EMAIL")]
    public void A_member_that_is_not_email_or_name_is_refused_by_its_name(string field)
    {
        var (_, errors) = Apply($$"""{ "{{field}}": "x", "name": "Ann Smith" }""");

        Assert.Equal([field], errors.Keys);
        Assert.Equal(["This field cannot be changed."], errors[field]);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("true")]
    [InlineData("{ \"first\": \"Ann\" }")]
    [InlineData("[\"Ann\"]")]
    public void A_member_that_is_not_a_string_is_refused(string value)
    {
        var (_, errors) = Apply($$"""{ "name": {{value}} }""");

        Assert.Equal(["Must be a string."], errors["name"]);
    }

    [Theory]
    [InlineData("email")]
    [InlineData("name")]
    public void A_value_with_a_lone_surrogate_escape_is_refused_not_a_crash(string field)
    {
        var (_, errors) = Apply($$"""{ "{{field}}": "Ann\uD800" }""");

        Assert.Equal([field], errors.Keys);
        Assert.Contains("invalid Unicode", Assert.Single(errors[field]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_member_name_with_a_lone_surrogate_escape_is_refused_not_a_crash()
    {
        var (_, errors) = Apply("""{ "na\uDC00me": "Ann Smith" }""");

        Assert.Equal(["$"], errors.Keys);
        Assert.Contains("invalid Unicode", Assert.Single(errors["$"]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_patched_address_is_checked_like_a_full_update()
    {
        var (result, errors) = Apply("""{ "email": "not an address" }""");
        Assert.Empty(errors);

        Assert.Equal(["email"], Validation.ErrorsOf(result).Keys);
    }
}

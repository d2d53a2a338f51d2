using Users.Service.Users;

namespace Unit.Tests.Users;

public sealed class ProfileEmailTests
{
    private static readonly User Ada = new() { Id = Guid.CreateVersion7(), Email = "ada@example.com", Name = "Ada" };

    [Theory]
    [InlineData("ada@example.com")]
    [InlineData("  ADA@Example.com ")]
    public void The_profile_s_own_address_however_written_changes_nothing(string email) =>
        Assert.False(new UserRequest(email, "Ada").ChangesEmailOf(Ada));

    [Fact]
    public void Another_address_is_a_change_the_profile_refuses() =>
        Assert.True(new UserRequest("someone.else@example.com", "Ada").ChangesEmailOf(Ada));
}

using Identity.Service.Links;
using Microsoft.Extensions.Time.Testing;

namespace Unit.Tests.Identity;

public sealed class AccountLinkTests
{
    private static readonly DateTimeOffset Issued = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly AccountLinkOptions Defaults = new();

    private readonly FakeTimeProvider _clock = new(Issued);

    private static AccountLink LinkFor(AccountLinkPurpose purpose) => new()
    {
        Id = Guid.CreateVersion7(),
        AccountId = Guid.CreateVersion7(),
        Purpose = purpose,
        Email = "ada@example.com",
        TokenHash = new byte[32],
        CreatedAt = Issued,
        ExpiresAt = Issued + Defaults.LifetimeOf(purpose),
    };

    [Fact]
    public void A_reset_link_works_for_30_minutes_and_not_a_moment_longer()
    {
        var link = LinkFor(AccountLinkPurpose.ResetPassword);

        _clock.Advance(TimeSpan.FromMinutes(30) - TimeSpan.FromTicks(1));
        Assert.True(link.IsUsableAt(_clock.GetUtcNow()));
        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.False(link.IsUsableAt(_clock.GetUtcNow()));
    }

    [Fact]
    public void An_email_change_link_proves_an_address_so_it_works_for_a_day_like_a_verification_link() =>
        Assert.Equal(Defaults.LifetimeOf(AccountLinkPurpose.VerifyEmail), Defaults.LifetimeOf(AccountLinkPurpose.ChangeEmail));

    [Fact]
    public void A_verification_link_works_for_a_day()
    {
        var link = LinkFor(AccountLinkPurpose.VerifyEmail);

        _clock.Advance(TimeSpan.FromHours(23));
        Assert.True(link.IsUsableAt(_clock.GetUtcNow()));
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.False(link.IsUsableAt(_clock.GetUtcNow()));
    }

    [Fact]
    public void A_used_link_never_works_again_even_before_it_expires()
    {
        var link = LinkFor(AccountLinkPurpose.ResetPassword);
        _clock.Advance(TimeSpan.FromMinutes(1));

        link.UsedAt = _clock.GetUtcNow();

        Assert.False(link.IsUsableAt(_clock.GetUtcNow()));
    }
}

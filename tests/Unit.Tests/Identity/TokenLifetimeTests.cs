using Identity.Service.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace Unit.Tests.Identity;

public sealed class TokenLifetimeTests
{
    private static readonly DateTimeOffset SignIn = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TokenLifetimeOptions Defaults = new();

    /// <summary>The clock of the token endpoint, starting at the sign-in that began the refresh-token family.</summary>
    private readonly FakeTimeProvider _clock = new(SignIn);

    private TimeSpan? RefreshNow() => RefreshTokenLifetime.ForNewToken(SignIn, _clock.GetUtcNow(), Defaults);

    [Fact]
    public void By_default_access_tokens_last_15_minutes_and_refresh_tokens_14_days_within_30_days_of_sign_in()
    {
        Assert.Equal(TimeSpan.FromMinutes(15), Defaults.AccessTokenLifetime);
        Assert.Equal(TimeSpan.FromDays(14), Defaults.RefreshTokenLifetime);
        Assert.Equal(TimeSpan.FromDays(30), Defaults.RefreshTokenAbsoluteLifetime);
        Assert.Equal(TimeSpan.FromSeconds(30), Defaults.RefreshTokenReuseLeeway);
    }

    [Fact]
    public void Lifetimes_are_read_from_the_identity_tokens_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Identity:Tokens:AccessTokenLifetime"] = "00:05:00",
            ["Identity:Tokens:RefreshTokenLifetime"] = "1.00:00:00",
            ["Identity:Tokens:RefreshTokenAbsoluteLifetime"] = "7.00:00:00",
            ["Identity:Tokens:RefreshTokenReuseLeeway"] = "00:00:05",
        }).Build();

        var lifetimes = configuration.GetSection(TokenLifetimeOptions.SectionName).Get<TokenLifetimeOptions>();

        Assert.NotNull(lifetimes);
        Assert.Equal((TimeSpan.FromMinutes(5), TimeSpan.FromDays(1), TimeSpan.FromDays(7), TimeSpan.FromSeconds(5)),
            (lifetimes.AccessTokenLifetime, lifetimes.RefreshTokenLifetime, lifetimes.RefreshTokenAbsoluteLifetime, lifetimes.RefreshTokenReuseLeeway));
    }

    [Fact]
    public void The_refresh_token_of_a_fresh_sign_in_lasts_the_full_sliding_lifetime()
    {
        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(TimeSpan.FromDays(14), RefreshNow());
    }

    [Fact]
    public void A_refresh_within_the_sliding_window_is_allowed_and_slides_the_full_lifetime()
    {
        _clock.Advance(TimeSpan.FromDays(10));

        Assert.Equal(TimeSpan.FromDays(14), RefreshNow());
    }

    [Fact]
    public void Near_the_absolute_limit_the_new_refresh_token_ends_with_the_sign_in()
    {
        _clock.Advance(TimeSpan.FromDays(20));

        Assert.Equal(TimeSpan.FromDays(10), RefreshNow());
    }

    [Fact]
    public void One_second_before_the_absolute_limit_the_refresh_still_succeeds_for_that_second()
    {
        _clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromSeconds(1), RefreshNow());
    }

    [Theory]
    [InlineData(30 * 24)]
    [InlineData(30 * 24 + 1)]
    [InlineData(45 * 24)]
    [InlineData(400 * 24)]
    public void A_refresh_30_days_or_more_after_the_sign_in_is_refused(int hoursAfterSignIn)
    {
        _clock.Advance(TimeSpan.FromHours(hoursAfterSignIn));

        Assert.Null(RefreshNow());
    }

    [Fact]
    public void Refreshing_often_never_keeps_a_session_alive_past_30_days()
    {
        // A client that refreshes every 13 days, always before its refresh token expires.
        var expiries = new List<DateTimeOffset>();
        while (RefreshNow() is { } lifetime)
        {
            expiries.Add(_clock.GetUtcNow() + lifetime);
            _clock.Advance(TimeSpan.FromDays(13));
        }

        Assert.Equal([SignIn.AddDays(14), SignIn.AddDays(27), SignIn.AddDays(30)], expiries);
        Assert.Equal(SignIn.AddDays(39), _clock.GetUtcNow());
    }

    [Fact]
    public void No_new_refresh_token_outlives_the_absolute_limit_or_the_sliding_lifetime()
    {
        var end = SignIn + Defaults.RefreshTokenAbsoluteLifetime;
        for (var now = SignIn; now < end; now += TimeSpan.FromHours(7))
        {
            var lifetime = RefreshTokenLifetime.ForNewToken(SignIn, now, Defaults);

            Assert.NotNull(lifetime);
            Assert.True(lifetime > TimeSpan.Zero);
            Assert.True(lifetime <= Defaults.RefreshTokenLifetime);
            Assert.True(now + lifetime <= end, $"At {now:O} a token would live until {now + lifetime:O}, after {end:O}.");
        }
    }

    [Fact]
    public void An_absolute_limit_shorter_than_the_sliding_lifetime_wins_from_the_start()
    {
        var lifetimes = new TokenLifetimeOptions { RefreshTokenLifetime = TimeSpan.FromDays(14), RefreshTokenAbsoluteLifetime = TimeSpan.FromDays(1) };

        Assert.Equal(TimeSpan.FromDays(1), RefreshTokenLifetime.ForNewToken(SignIn, SignIn, lifetimes));
        Assert.Null(RefreshTokenLifetime.ForNewToken(SignIn, SignIn.AddDays(1), lifetimes));
    }

    [Fact]
    public void A_sign_in_time_ahead_of_this_clock_never_grants_more_than_the_sliding_lifetime()
    {
        // Replicas' clocks differ a little: a family stamped by a replica running ahead must not gain time.
        Assert.Equal(TimeSpan.FromDays(14), RefreshTokenLifetime.ForNewToken(SignIn.AddMinutes(5), SignIn, Defaults));
    }
}

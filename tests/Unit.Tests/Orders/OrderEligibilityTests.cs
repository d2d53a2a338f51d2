using System.Security.Claims;
using Orders.Service.Orders;
using ServiceDefaults.Api;
using ServiceDefaults.Callers;

namespace Unit.Tests.Orders;

public sealed class OrderEligibilityTests
{
    private static Caller FromToken(params Claim[] claims) =>
        Caller.From(new ClaimsPrincipal(new ClaimsIdentity(claims, "Bearer", TokenClaims.Name, TokenClaims.Role)));

    private static Claim Account() => new(TokenClaims.Subject, Guid.NewGuid().ToString());

    [Fact]
    public void A_user_whose_token_says_the_email_is_verified_may_order() =>
        Assert.Null(OrderEligibility.Check(FromToken(Account(), new Claim(TokenClaims.EmailVerified, "true", ClaimValueTypes.Boolean))));

    [Fact]
    public void A_verified_address_sent_as_the_string_true_counts_too() =>
        Assert.Null(OrderEligibility.Check(FromToken(Account(), new Claim(TokenClaims.EmailVerified, "true", ClaimValueTypes.String))));

    [Theory]
    [InlineData("false")]
    [InlineData(null)]
    public void A_user_whose_token_does_not_say_verified_is_refused_403_told_to_follow_the_emailed_link_and_sign_in_again(string? emailVerified)
    {
        Claim[] claims = emailVerified is null
            ? [Account()]
            : [Account(), new Claim(TokenClaims.EmailVerified, emailVerified, ClaimValueTypes.Boolean)];

        var refused = OrderEligibility.Check(FromToken(claims));

        Assert.Equal(FailureKind.Forbidden, refused?.Kind);
        Assert.Equal("Verify your email address before placing orders.", refused!.Title);
        Assert.Contains("link in the email", refused.Detail, StringComparison.Ordinal);
        Assert.Contains("sign in again", refused.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_token_without_an_account_is_refused_whatever_it_says_about_email()
    {
        var service = new Caller(null, IsAdmin: false) { EmailVerified = true };

        var refused = OrderEligibility.Check(service);

        Assert.Equal(FailureKind.Forbidden, refused?.Kind);
        Assert.Equal("Orders are placed by users.", refused!.Title);
    }

    [Fact]
    public void An_admin_is_held_to_the_same_rule_admins_are_created_verified()
    {
        var unverifiedAdmin = new Caller(Guid.NewGuid(), IsAdmin: true);

        Assert.Equal(FailureKind.Forbidden, OrderEligibility.Check(unverifiedAdmin)?.Kind);
    }
}

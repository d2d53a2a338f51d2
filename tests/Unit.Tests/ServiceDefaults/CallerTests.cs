using System.Security.Claims;
using ServiceDefaults.Callers;

namespace Unit.Tests.ServiceDefaults;

public sealed class CallerTests
{
    private static Caller CallerWith(params Claim[] claims) =>
        Caller.From(new ClaimsPrincipal(new ClaimsIdentity(claims, "Bearer", TokenClaims.Name, TokenClaims.Role)));

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("false", false)]
    [InlineData("yes", false)]
    public void Email_verified_is_read_from_the_token_s_claim(string value, bool verified) =>
        Assert.Equal(verified, CallerWith(new Claim(TokenClaims.Subject, Guid.NewGuid().ToString()), new Claim(TokenClaims.EmailVerified, value, ClaimValueTypes.Boolean)).EmailVerified);

    [Fact]
    public void A_token_that_does_not_say_is_unverified() =>
        Assert.False(CallerWith(new Claim(TokenClaims.Subject, Guid.NewGuid().ToString())).EmailVerified);
}

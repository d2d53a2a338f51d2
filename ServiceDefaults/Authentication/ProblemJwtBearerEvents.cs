using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace ServiceDefaults.Authentication;

/// <summary>Keeps why a token was refused, for the 401 problem body; the handler itself writes WWW-Authenticate.</summary>
internal sealed class ProblemJwtBearerEvents : JwtBearerEvents
{
    public const string FailureItem = AccessTokenFailure.Item;

    public override Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        context.HttpContext.Items[FailureItem] = context.Exception switch
        {
            SecurityTokenExpiredException => "The access token has expired.",
            SecurityTokenNotYetValidException => "The access token is not valid yet.",
            SecurityTokenInvalidAudienceException => "The access token was not issued for this API (audience).",
            SecurityTokenInvalidIssuerException => "The access token was not issued by the expected issuer.",
            SecurityTokenInvalidAlgorithmException => "The access token is signed with an algorithm that is not accepted.",
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The access token's signature is invalid.",
            SecurityTokenInvalidTypeException => "The token is not an access token.",
            _ => "The access token is invalid.",
        };
        return Task.CompletedTask;
    }
}

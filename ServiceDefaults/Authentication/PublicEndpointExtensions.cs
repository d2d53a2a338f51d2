using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ServiceDefaults.Authentication;

/// <summary>Endpoints anyone may call, signed in or not.</summary>
public static class PublicEndpointExtensions
{
    /// <summary>
    /// Anonymous callers are welcome; a caller that sends a token must send a valid one (401 otherwise, as on every
    /// other endpoint). Silently reading an expired or foreign token as "anonymous" would hide the client's bug and
    /// answer it with less than it expects, instead of telling it to renew its token.
    /// </summary>
    public static RouteHandlerBuilder AllowAnonymousWithValidTokensOnly(this RouteHandlerBuilder endpoint) =>
        endpoint.AllowAnonymous()
            .AddEndpointFilter(async (context, next) =>
            {
                if (AccessTokenFailure.Of(context.HttpContext) is not { } failure)
                {
                    return await next(context);
                }

                context.HttpContext.Response.Headers.WWWAuthenticate = $"Bearer error=\"invalid_token\", error_description=\"{failure}\"";
                return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The access token is not valid.", detail: failure);
            })
            .ProducesProblem(StatusCodes.Status401Unauthorized);
}

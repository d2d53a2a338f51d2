using Microsoft.AspNetCore.Authentication;
using ServiceDefaults.Authentication;
using ServiceDefaults.Problems;

namespace Gateway.Protection;

/// <summary>
/// Defence in depth on the API routes (route metadata EdgeTokenCheck=true): a bearer token that fails
/// validation (signature, issuer, lifetime) is answered 401 here and never reaches a service. Requests
/// without a token pass: whether an endpoint needs one is for the service to say.
/// </summary>
internal sealed class EdgeTokenCheck(RequestDelegate next)
{
    public const string MetadataKey = "EdgeTokenCheck";

    public async Task InvokeAsync(HttpContext context)
    {
        var route = context.GetReverseProxyFeature().Route.Config;
        if (route.Metadata?.GetValueOrDefault(MetadataKey) == "true" && context.Request.Headers.Authorization.Count > 0)
        {
            var result = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult ?? await context.AuthenticateAsync();
            if (result.Failure is not null)
            {
                context.SetProblemDetail(AccessTokenFailure.Of(context) ?? "The access token is invalid.");
                await context.ChallengeAsync();
                return;
            }
        }

        await next(context);
    }
}

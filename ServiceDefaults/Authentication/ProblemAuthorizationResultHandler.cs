using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using ServiceDefaults.Problems;

namespace ServiceDefaults.Authentication;

/// <summary>
/// Says why a request was refused: a 403 for a missing scope carries
/// <c>WWW-Authenticate: Bearer error="insufficient_scope", scope="..."</c> (RFC 6750), and the problem
/// body (written by the status-code-pages middleware) names what was missing.
/// </summary>
internal sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged && context.Items[ProblemJwtBearerEvents.FailureItem] is string failure)
        {
            context.SetProblemDetail(failure);
        }
        else if (authorizeResult.Challenged)
        {
            context.SetProblemDetail("This endpoint needs an access token (Authorization: Bearer ...).");
        }
        else if (authorizeResult.Forbidden)
        {
            var failed = authorizeResult.AuthorizationFailure?.FailedRequirements.ToList() ?? [];
            var scopes = failed.OfType<ScopeRequirement>().Select(r => r.Scope).ToList();
            if (scopes.Count > 0)
            {
                var scope = string.Join(' ', scopes);
                context.Response.Headers.WWWAuthenticate =
                    $"Bearer error=\"insufficient_scope\", error_description=\"The access token lacks a required scope.\", scope=\"{scope}\"";
                context.SetProblemDetail($"The access token lacks the scope this endpoint needs: {scope}.");
            }
            else if (failed.OfType<RolesAuthorizationRequirement>().Any())
            {
                context.SetProblemDetail("This endpoint is reserved for administrators.");
            }
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}

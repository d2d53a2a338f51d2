using Microsoft.AspNetCore.Authorization;
using ServiceDefaults.Callers;

namespace ServiceDefaults.Authentication;

/// <summary>Grants a <see cref="ScopeRequirement"/> when the token's space-separated <c>scope</c> claim lists the scope.</summary>
internal sealed class ScopeAuthorizationHandler : AuthorizationHandler<ScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        var granted = context.User.FindAll(TokenClaims.Scope)
            .SelectMany(claim => claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (granted.Contains(requirement.Scope, StringComparer.Ordinal))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}

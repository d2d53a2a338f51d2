using Microsoft.AspNetCore.Authorization;

namespace ServiceDefaults.Authentication;

/// <summary>The token must carry this OAuth scope (the JWT <c>scope</c> claim is a space-separated list).</summary>
public sealed record ScopeRequirement(string Scope) : IAuthorizationRequirement;

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using ServiceDefaults.Problems;

namespace ServiceDefaults.Authentication;

/// <summary>The token must carry this OAuth scope (the JWT <c>scope</c> claim is a space-separated list).</summary>
public sealed record ScopeRequirement(string Scope) : IAuthorizationRequirement;

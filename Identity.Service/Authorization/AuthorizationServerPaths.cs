namespace Identity.Service.Authorization;

/// <summary>The OAuth 2.0 / OpenID Connect endpoints, as clients reach them through the gateway.</summary>
public static class AuthorizationServerPaths
{
    public const string Authorize = "/connect/authorize";
    public const string Token = "/connect/token";
    public const string UserInfo = "/connect/userinfo";
    public const string EndSession = "/connect/logout";
    public const string Revocation = "/connect/revoke";
    public const string Introspection = "/connect/introspect";
}

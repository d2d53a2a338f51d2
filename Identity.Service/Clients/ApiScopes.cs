namespace Identity.Service.Clients;

/// <summary>The APIs (audiences) and the scopes that grant access to them.</summary>
public static class ApiScopes
{
    public static readonly IReadOnlyDictionary<string, string> Audiences = new Dictionary<string, string>
    {
        ["users.read"] = "users-api",
        ["users.write"] = "users-api",
        ["orders.read"] = "orders-api",
        ["orders.write"] = "orders-api",
    };

    public static readonly string[] All = [.. Audiences.Keys];
}

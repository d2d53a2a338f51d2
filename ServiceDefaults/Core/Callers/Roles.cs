namespace ServiceDefaults.Callers;

/// <summary>The account roles Identity.Service issues in the <c>role</c> claim.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Customer = "customer";

    public static readonly IReadOnlyList<string> All = [Admin, Customer];
}

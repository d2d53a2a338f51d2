namespace Identity.Service.Accounts;

/// <summary>Demo accounts for local development (Identity:DemoAccounts). Never created outside Development.</summary>
public sealed class DemoAccountOptions
{
    public const string SectionName = "Identity:DemoAccounts";

    public string AdminEmail { get; set; } = "admin@backend.local";
    public string? AdminPassword { get; set; }
    public string CustomerEmail { get; set; } = "customer@backend.local";
    public string? CustomerPassword { get; set; }
}

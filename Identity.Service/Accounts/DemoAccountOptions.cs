namespace Identity.Service.Accounts;

/// <summary>
/// Demo accounts for local development (Identity:DemoAccounts), created only when <see cref="Enabled"/> is set: in
/// appsettings.Development.json, never by the environment's name alone (an AppHost or a misconfigured host may call
/// anything "Development").
/// </summary>
public sealed class DemoAccountOptions
{
    public const string SectionName = "Identity:DemoAccounts";

    public bool Enabled { get; set; }

    public string AdminEmail { get; set; } = "admin@backend.local";
    public string? AdminPassword { get; set; }
    public string CustomerEmail { get; set; } = "customer@backend.local";
    public string? CustomerPassword { get; set; }
}

using Microsoft.AspNetCore.Identity;
using ServiceDefaults.Callers;

namespace Identity.Service.Accounts;

public static class AccountSeeding
{
    /// <summary>The roles always exist; the demo accounts only when configuration enables them, and only once (idempotent).</summary>
    public static async Task SeedAccountsAsync(IServiceProvider services)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<Guid>(role) { Id = Guid.CreateVersion7() });
            }
        }

        var demo = services.GetRequiredService<IConfiguration>().GetSection(DemoAccountOptions.SectionName).Get<DemoAccountOptions>() ?? new();
        if (!demo.Enabled)
        {
            return;
        }

        var accounts = services.GetRequiredService<UserManager<Account>>();
        await EnsureAsync(accounts, demo.AdminEmail, "Demo Admin", demo.AdminPassword, Roles.Admin);
        await EnsureAsync(accounts, demo.CustomerEmail, "Demo Customer", demo.CustomerPassword, Roles.Customer);
    }

    private static async Task EnsureAsync(UserManager<Account> accounts, string email, string name, string? password, string role)
    {
        if (string.IsNullOrEmpty(password) || await accounts.FindByEmailAsync(email) is not null)
        {
            return;
        }

        var account = Account.Verified(email, name, DateTimeOffset.UtcNow);
        var created = await accounts.CreateAsync(account, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException($"Could not create the demo account {email}: {string.Join(" ", created.Errors.Select(e => e.Description))}");
        }

        await accounts.AddToRoleAsync(account, role);
    }
}

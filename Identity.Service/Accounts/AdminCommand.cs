using Microsoft.AspNetCore.Identity;
using ServiceDefaults.Callers;

namespace Identity.Service.Accounts;

/// <summary>
/// <c>Identity.Service create-admin --email ADDRESS</c>: how an operator makes the first admin of a production system
/// (docs/runbook.md, "The first admin"). It creates the account with a verified address and the admin role, its password
/// read from standard input (never from the command line, which anyone on the machine can list), or gives an existing
/// account the admin role. It runs with the service's own settings (inside a pod: <c>kubectl exec</c>) and ends without
/// serving. Running it again changes nothing.
/// </summary>
public static class AdminCommand
{
    public const string Name = "create-admin";

    /// <summary>EX_USAGE (sysexits.h): the command line is wrong.</summary>
    public const int UsageError = 64;

    /// <summary>EX_DATAERR: the password or address was refused.</summary>
    public const int Refused = 65;

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Name;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        if (args is not [Name, "--email", var email] || !email.Contains('@', StringComparison.Ordinal))
        {
            await error.WriteLineAsync($"Usage: Identity.Service {Name} --email ADDRESS   (a new account's password is read from standard input)");
            return UsageError;
        }

        await using var scope = services.CreateAsyncScope();
        if (!await scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole<Guid>>>().RoleExistsAsync(Roles.Admin))
        {
            await error.WriteLineAsync("identitydb is not set up: deploy Identity.Service (or run its migrate Job) first.");
            return Refused;
        }

        var accounts = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var account = await accounts.FindByEmailAsync(email);
        if (account is null)
        {
            var password = (await input.ReadLineAsync())?.TrimEnd('\r');
            if (string.IsNullOrEmpty(password))
            {
                await error.WriteLineAsync($"No account has the address {email}: give the new account's password on standard input.");
                return UsageError;
            }

            // The operator vouches for the address: an admin must not wait for a link to act.
            account = Account.Verified(email, "Administrator", DateTimeOffset.UtcNow);
            var created = await accounts.CreateAsync(account, password);
            if (!created.Succeeded)
            {
                await error.WriteLineAsync($"The account {email} was not created: {Describe(created)}");
                return Refused;
            }

            await output.WriteLineAsync($"Created the account {email} ({account.Id}).");
        }

        if (await accounts.IsInRoleAsync(account, Roles.Admin))
        {
            await output.WriteLineAsync($"{email} is an admin.");
            return 0;
        }

        var granted = await accounts.AddToRoleAsync(account, Roles.Admin);
        if (!granted.Succeeded)
        {
            await error.WriteLineAsync($"{email} did not become an admin: {Describe(granted)}");
            return Refused;
        }

        // Tokens issued before keep their roles until they expire (15 minutes); the next sign-in or refresh carries admin.
        await output.WriteLineAsync($"{email} is now an admin.");
        return 0;
    }

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));
}

using Microsoft.AspNetCore.Identity;

namespace Identity.Service.Accounts;

public static class PasswordRules
{
    /// <summary>What the configured password validators find wrong with <paramref name="password"/> (empty when it is acceptable).</summary>
    public static async Task<List<string>> PasswordProblemsAsync(this UserManager<Account> accounts, Account account, string password)
    {
        var problems = new List<string>();
        foreach (var validator in accounts.PasswordValidators)
        {
            problems.AddRange((await validator.ValidateAsync(accounts, account, password)).Errors.Select(e => e.Description));
        }

        return problems;
    }
}

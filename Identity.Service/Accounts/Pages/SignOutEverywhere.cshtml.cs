using Identity.Service.Sessions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.Service.Accounts.Pages;

/// <summary>
/// Ends every session of the account: every refresh token is revoked, and the security stamp changes, so every other
/// browser's cookie session ends at its next check. A POST with an anti-forgery token.
/// </summary>
[Authorize]
public sealed class SignOutEverywhereModel(UserManager<Account> accounts, SignInManager<Account> signIn, AccountSessions sessions) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await accounts.GetUserAsync(User) is { } account)
        {
            await accounts.UpdateSecurityStampAsync(account);
            await sessions.RevokeAllAsync(account.Id, HttpContext.RequestAborted);
        }

        await signIn.SignOutAsync();
        return RedirectToPage("Index");
    }
}

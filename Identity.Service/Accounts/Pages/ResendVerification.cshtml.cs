using Identity.Service.Registration;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.Service.Accounts.Pages;

/// <summary>A new verification link for the signed-in account: a lost email, an expired link, an account from before verification existed.</summary>
[Authorize]
public sealed class ResendVerificationModel(UserManager<Account> accounts, AccountRegistration registration) : PageModel
{
    public bool AlreadyVerified { get; private set; }

    public bool Sent { get; private set; }

    public async Task OnGetAsync() => AlreadyVerified = (await accounts.GetUserAsync(User))?.EmailConfirmed == true;

    public async Task<IActionResult> OnPostAsync()
    {
        if (await accounts.GetUserAsync(User) is not { } account)
        {
            return Challenge();
        }

        AlreadyVerified = account.EmailConfirmed;
        await registration.ResendVerificationAsync(account, HttpContext.RequestAborted);
        Sent = !AlreadyVerified;
        return Page();
    }
}

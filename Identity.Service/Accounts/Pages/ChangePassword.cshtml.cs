using Identity.Service.PasswordReset;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.Service.Accounts.Pages;

/// <summary>A signed-in person changes their password with the current one; every refresh token of the account is revoked.</summary>
[Authorize]
public sealed class ChangePasswordModel(UserManager<Account> accounts, SignInManager<Account> signIn, PasswordResets resets) : PageModel
{
    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    public bool Done { get; private set; }

    public List<string> Errors { get; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await accounts.GetUserAsync(User) is not { } account)
        {
            return Challenge();
        }

        if (string.IsNullOrEmpty(CurrentPassword) || string.IsNullOrEmpty(NewPassword))
        {
            Errors.Add("Enter your current and your new password.");
        }
        else if (await resets.ChangeAsync(account, CurrentPassword, NewPassword, HttpContext.RequestAborted) is { } problems)
        {
            Errors.AddRange(problems);
        }
        else
        {
            // The security stamp changed (other browsers' sessions end); this one keeps going with a fresh cookie.
            await signIn.RefreshSignInAsync(account);
            Done = true;
            return Page();
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}

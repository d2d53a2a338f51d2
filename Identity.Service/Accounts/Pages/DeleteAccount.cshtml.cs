using Identity.Service.Deletion;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.Service.Accounts.Pages;

/// <summary>A signed-in person deletes their account, confirming with their password; they are signed out everywhere.</summary>
[Authorize]
public sealed class DeleteAccountModel(UserManager<Account> accounts, SignInManager<Account> signIn, AccountDeletion deletion) : PageModel
{
    [BindProperty]
    public string? Password { get; set; }

    public bool Deleted { get; private set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await accounts.GetUserAsync(User) is not { } account)
        {
            return Challenge();
        }

        if (string.IsNullOrEmpty(Password) || !await deletion.DeleteAsync(account, Password, HttpContext.RequestAborted))
        {
            Error = "The password is not right.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await signIn.SignOutAsync();
        Deleted = true;
        return Page();
    }
}

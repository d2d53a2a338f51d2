using Identity.Service.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.Service.Accounts.Pages;

/// <summary>
/// Ends the cookie session and revokes the refresh tokens clients got from it (a POST with an anti-forgery token: a
/// link cannot sign anyone out).
/// </summary>
public sealed class LogoutModel(SignInManager<Account> signIn, AccountSessions sessions) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var session = await HttpContext.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        if (AccountSessions.SessionIdOf(session.Properties) is { } sessionId)
        {
            await sessions.RevokeSessionAsync(sessionId, HttpContext.RequestAborted);
        }

        await signIn.SignOutAsync();
        return RedirectToPage("Index");
    }
}

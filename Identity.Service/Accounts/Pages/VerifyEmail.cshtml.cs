using Identity.Service.Registration;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.Service.Accounts.Pages;

/// <summary>
/// The verification link's page. Opening it changes nothing (mail scanners open links); the button posts it, which
/// uses the link once.
/// </summary>
public sealed class VerifyEmailModel(AccountRegistration registration) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Link { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public bool? Verified { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Verified = await registration.VerifyEmailAsync(Link, Token, HttpContext.RequestAborted);
        if (Verified != true)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }
}

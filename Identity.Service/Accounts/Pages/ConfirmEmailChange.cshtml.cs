using Identity.Service.EmailChange;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.Service.Accounts.Pages;

/// <summary>
/// The email-change link's page. Opening it changes nothing (mail scanners open links); the button posts it, which
/// uses the link once and makes the change.
/// </summary>
public sealed class ConfirmEmailChangeModel(EmailChanges changes) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Link { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public EmailChangeOutcome? Outcome { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Outcome = await changes.ConfirmAsync(Link, Token, HttpContext.RequestAborted);
        if (Outcome != EmailChangeOutcome.Changed)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }
}

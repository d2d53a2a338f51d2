using Identity.Service.Links;
using Identity.Service.PasswordReset;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.Service.Accounts.Pages;

/// <summary>The reset link's page: a new password, once per link; every refresh token of the account is revoked.</summary>
public sealed class ResetPasswordModel(AccountLinks links, PasswordResets resets) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Link { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public bool LinkUsable { get; private set; } = true;

    public bool Done { get; private set; }

    public List<string> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        LinkUsable = await links.FindUsableAsync(Link, Token, AccountLinkPurpose.ResetPassword, HttpContext.RequestAborted) is not null;
        if (!LinkUsable)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrEmpty(Password))
        {
            Errors.Add("Password: Required.");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var outcome = await resets.ResetAsync(Link, Token, Password, HttpContext.RequestAborted);
        LinkUsable = outcome.LinkUsable;
        Done = outcome.Succeeded;
        Errors.AddRange(outcome.PasswordProblems.Select(problem => $"Password: {problem}"));
        if (!Done)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }
}

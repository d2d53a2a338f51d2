using Identity.Service.PasswordReset;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ServiceDefaults.Validation;

namespace Identity.Service.Accounts.Pages;

/// <summary>Asks for a reset link. Any well-formed address ends at "check your email": whether it has an account is not told.</summary>
public sealed class ForgotPasswordModel(PasswordResets resets) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var validation = new ValidationErrors();
        validation.CheckEmail("email", Email);
        if (validation.ToDictionary().Count > 0)
        {
            Error = "Enter your email address.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await resets.RequestAsync(TextRules.NormalizeEmail(Email!), HttpContext.RequestAborted);
        return RedirectToPage("CheckEmail");
    }
}

using Identity.Service.EmailChange;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ServiceDefaults.Validation;

namespace Identity.Service.Accounts.Pages;

/// <summary>
/// A signed-in person asks to change their address, with their password; the change happens when they follow the link
/// sent to the new address. The answer never says whether that address has an account.
/// </summary>
[Authorize]
public sealed class ChangeEmailModel(UserManager<Account> accounts, EmailChanges changes) : PageModel
{
    [BindProperty]
    public string? NewEmail { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public bool Sent { get; private set; }

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

        var validation = new ValidationErrors();
        validation.CheckEmail("email", NewEmail);
        Errors.AddRange(validation.ToDictionary().SelectMany(field => field.Value).Select(message => $"New email: {message}"));
        if (string.IsNullOrEmpty(Password))
        {
            Errors.Add("Password: Required.");
        }

        if (Errors.Count == 0
            && await changes.RequestAsync(account, Password!, TextRules.NormalizeEmail(NewEmail!), HttpContext.RequestAborted) is { } problem)
        {
            Errors.Add(problem);
        }

        if (Errors.Count == 0)
        {
            Sent = true;
            return Page();
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}

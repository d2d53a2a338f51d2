using Identity.Service.Registration;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ServiceDefaults.Validation;

namespace Identity.Service.Accounts.Pages;

/// <summary>
/// Registration: email, display name, password. A valid form always ends at "check your email", whether or not the
/// address already has an account (no enumeration); the new account is a customer, unverified until its link is used.
/// </summary>
public sealed class RegisterModel(AccountRegistration registration) : PageModel
{
    public const int MaxDisplayNameLength = 100;

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public List<string> Errors { get; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var validation = new ValidationErrors();
        validation.CheckText("name", DisplayName, MaxDisplayNameLength);
        validation.CheckEmail("email", Email);
        foreach (var (field, messages) in validation.ToDictionary())
        {
            Errors.AddRange(messages.Select(message => $"{(field == "name" ? "Name" : "Email")}: {message}"));
        }

        if (string.IsNullOrEmpty(Password))
        {
            Errors.Add("Password: Required.");
        }

        if (Errors.Count == 0
            && await registration.RegisterAsync(DisplayName!.Trim(), TextRules.NormalizeEmail(Email!), Password!, HttpContext.RequestAborted) is { } problems)
        {
            Errors.AddRange(problems.Select(problem => $"Password: {problem}"));
        }

        if (Errors.Count == 0)
        {
            return RedirectToPage("CheckEmail", new { ReturnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null });
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}

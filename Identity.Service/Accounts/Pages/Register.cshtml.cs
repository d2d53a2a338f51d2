using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ServiceDefaults.Callers;
using ServiceDefaults.Validation;

namespace Identity.Service.Accounts.Pages;

/// <summary>Registration: email, display name, password. New accounts are customers and are signed in at once.</summary>
public sealed class RegisterModel(UserManager<Account> accounts, SignInManager<Account> signIn, TimeProvider clock) : PageModel
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

        if (Errors.Count == 0)
        {
            var email = TextRules.NormalizeEmail(Email!);
            var account = new Account
            {
                Id = Guid.CreateVersion7(),
                UserName = email,
                Email = email,
                DisplayName = DisplayName!.Trim(),
                CreatedAt = clock.GetUtcNow(),
            };
            var created = await accounts.CreateAsync(account, Password!);
            if (created.Succeeded)
            {
                await accounts.AddToRoleAsync(account, Roles.Customer);
                await signIn.SignInAsync(account, isPersistent: false);
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
            }

            Errors.AddRange(created.Errors.Select(Describe));
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    // Identity reports a taken email twice (user name and email): say it once.
    private static string Describe(IdentityError error) => error.Code switch
    {
        "DuplicateUserName" or "DuplicateEmail" => "Email: An account with this email already exists.",
        _ => error.Description,
    };
}

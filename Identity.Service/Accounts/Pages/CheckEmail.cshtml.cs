using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.Service.Accounts.Pages;

/// <summary>Where registration and forgot-password end, whatever the address: it says only that an email may be on its way.</summary>
public sealed class CheckEmailModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
        if (!Url.IsLocalUrl(ReturnUrl))
        {
            ReturnUrl = null;
        }
    }
}

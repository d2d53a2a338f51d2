using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Identity.Service.Accounts.Pages;

public sealed class IndexModel(UserManager<Account> accounts) : PageModel
{
    public string? DisplayName { get; private set; }

    public bool EmailVerified { get; private set; }

    public async Task OnGetAsync()
    {
        var account = await accounts.GetUserAsync(User);
        DisplayName = account?.DisplayName;
        EmailVerified = account?.EmailConfirmed == true;
    }
}

using System.Globalization;
using Identity.Service.SignInThrottling;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using OpenIddict.Abstractions;

namespace Identity.Service.Accounts.Pages;

/// <summary>
/// Password sign-in. Failures slow further attempts for that address and client, and from that IP (SignInThrottle);
/// they never lock the account. The message never says whether the email exists.
/// </summary>
public sealed class LoginModel(SignInManager<Account> signIn, UserManager<Account> accounts, SignInThrottle throttle,
    IOpenIddictApplicationManager clients, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email) || string.IsNullOrEmpty(Password))
        {
            Error = "Enter your email and password.";
            return Page();
        }

        var ct = HttpContext.RequestAborted;
        var accountKey = SignInThrottle.AccountKey(Email, await RegisteredClientOfAsync(ReturnUrl, ct));
        var ipKey = SignInThrottle.IpKey(HttpContext.Connection.RemoteIpAddress);
        if (await throttle.BlockedUntilAsync(accountKey, ipKey, ct) is { } until)
        {
            // The password is not even checked: waiting is the only way on.
            var seconds = Math.Max(1, (int)Math.Ceiling((until - clock.GetUtcNow()).TotalSeconds));
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            Error = $"Too many failed attempts. Try again in {seconds} second{(seconds == 1 ? "" : "s")}.";
            return Page();
        }

        var account = await accounts.FindByEmailAsync(Email.Trim());
        var result = account is null
            ? Microsoft.AspNetCore.Identity.SignInResult.Failed
            : await signIn.PasswordSignInAsync(account, Password, isPersistent: false, lockoutOnFailure: false);

        if (result.Succeeded)
        {
            await throttle.RecordSuccessAsync(accountKey, ct);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }

        await throttle.RecordFailureAsync(accountKey, ipKey, ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        Error = "Invalid email or password.";
        return Page();
    }

    /// <summary>
    /// The client an authorization request came from, when signing in is a step of one (the return URL is that request).
    /// Only a registered client counts: made-up client ids would otherwise each buy a fresh set of free attempts.
    /// </summary>
    private async Task<string?> RegisteredClientOfAsync(string? returnUrl, CancellationToken ct)
    {
        var query = returnUrl?.IndexOf('?', StringComparison.Ordinal) is >= 0 and var at ? returnUrl[at..] : null;
        var clientId = query is not null && QueryHelpers.ParseQuery(query).TryGetValue("client_id", out var client) ? client.ToString() : null;
        return clientId is { Length: > 0 and <= 100 } && await clients.FindByClientIdAsync(clientId, ct) is not null ? clientId : null;
    }
}

using Microsoft.AspNetCore.Mvc.Filters;

namespace Identity.Service.Accounts.PageSecurity;

/// <summary>
/// Security headers on every account page: a CSP that allows nothing but the pages' own hashed stylesheet (no script at
/// all), no framing (clickjacking a sign-in or a password form), no MIME sniffing, and no Referer (the reset and verify
/// pages carry their link's secret in the URL).
/// </summary>
public sealed class AccountPageHeaders : IAsyncPageFilter
{
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src {AccountPageStyles.Hash}; img-src 'self'; frame-ancestors 'none'; base-uri 'none'";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var headers = context.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        return next();
    }
}

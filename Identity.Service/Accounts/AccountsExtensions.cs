using Identity.Service.Deletion;
using Identity.Service.EmailChange;
using Identity.Service.Links;
using Identity.Service.Accounts.PageSecurity;
using Identity.Service.Data;
using Identity.Service.Keys;
using Microsoft.AspNetCore.DataProtection;
using Identity.Service.PasswordReset;
using Identity.Service.Registration;
using Identity.Service.Sessions;
using Identity.Service.SignInThrottling;
using Microsoft.AspNetCore.Identity;

namespace Identity.Service.Accounts;

public static class AccountsExtensions
{
    public const string SessionCookieName = "backend.session";
    public const string LoginPath = "/account/login";

    /// <summary>
    /// Accounts with ASP.NET Core Identity: password policy, sign-in throttling, emailed links, and the cookie session that backs
    /// the authorization endpoint. Cookies are HttpOnly, SameSite=Lax (the session must ride top-level
    /// redirects from client apps) and Secure whenever the request is HTTPS (always, outside plain-HTTP dev).
    /// </summary>
    public static TBuilder AddAccounts<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var requireHttps = builder.Configuration.GetValue("Identity:RequireHttps", defaultValue: true);
        var secure = requireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;

        builder.Services.AddIdentity<Account, IdentityRole<Guid>>(options =>
            {
                options.User.RequireUniqueEmail = true;
                // NIST SP 800-63B: length over composition rules.
                options.Password.RequiredLength = 10;
                options.Password.RequiredUniqueChars = 4;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                // No lockout: anyone knowing an address could lock its owner out (and, through the token endpoint's
                // check, end their sessions). Guessing is slowed by SignInThrottle instead.
                options.Lockout.AllowedForNewUsers = false;
                // Unverified accounts sign in (and get email_verified=false in their tokens): the services decide what
                // an unverified address may not do.
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<IdentityDb>()
            .AddDefaultTokenProviders();

        builder.Services.ConfigureApplicationCookie(cookie =>
        {
            cookie.LoginPath = LoginPath;
            cookie.LogoutPath = "/account/logout";
            cookie.AccessDeniedPath = LoginPath;
            cookie.Cookie.Name = SessionCookieName;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = secure;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            // Each cookie session gets an id at sign-in, kept through renewals: signing out revokes the refresh tokens
            // that clients got from that session (AccountSessions), not the account's other sessions.
            cookie.Events.OnSigningIn = context =>
            {
                if (AccountSessions.SessionIdOf(context.Properties) is null)
                {
                    context.Properties.Items[AccountSessions.SessionIdItem] = Guid.NewGuid().ToString();
                }

                return Task.CompletedTask;
            };
        });

        builder.Services.AddOptions<AccountLinkOptions>().BindConfiguration(AccountLinkOptions.SectionName);
        builder.Services.AddOptions<SignInThrottleOptions>().BindConfiguration(SignInThrottleOptions.SectionName);
        builder.Services.AddScoped<AccountLinks>();
        builder.Services.AddScoped<AccountRegistration>();
        builder.Services.AddScoped<PasswordResets>();
        builder.Services.AddScoped<EmailChanges>();
        builder.Services.AddScoped<AccountDeletion>();
        builder.Services.AddScoped<AccountSessions>();
        builder.Services.AddScoped<SignInThrottle>();

        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "backend.antiforgery";
            antiforgery.Cookie.HttpOnly = true;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = secure;
        });

        // Cookies and anti-forgery tokens stay valid across restarts and replicas. The keys are stored encrypted with the
        // token encryption certificate (the first encrypts new keys, any listed one decrypts: a rotation keeps old keys
        // readable), so reading identitydb is not enough to forge a session cookie.
        var encryption = TokenKeys.Load(builder.Configuration, builder.Environment).Encryption;
        if (encryption.Count == 0)
        {
            throw new InvalidOperationException($"Configure {TokenKeyOptions.SectionName}:EncryptionCertificates.");
        }

        builder.Services.AddDataProtection().SetApplicationName("backend-identity").PersistKeysToDbContext<IdentityDb>()
            .ProtectKeysWithCertificate(encryption[0])
            .UnprotectKeysWithAnyCertificate([.. encryption]);

        builder.Services.AddRazorPages(pages =>
        {
            pages.RootDirectory = "/Accounts/Pages";
            pages.Conventions.ConfigureFilter(new AccountPageHeaders());
        });
        return builder;
    }
}

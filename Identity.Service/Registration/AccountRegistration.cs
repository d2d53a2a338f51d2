using System.Diagnostics;
using Identity.Service.AccountEvents;
using Identity.Service.Links;
using Identity.Service.Accounts;
using Identity.Service.Authorization;
using Identity.Service.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceDefaults.Callers;
using ServiceDefaults.Data;
using ServiceDefaults.Outbox;

namespace Identity.Service.Registration;

/// <summary>
/// Registration that never tells whether an address has an account: a new address gets an unverified account and a
/// verification email; a taken one gets nothing new, and its owner an email saying someone tried. Both answer the
/// same (the caller shows "check your email"). Only the input itself (name, address, password rules) is refused.
/// </summary>
public sealed class AccountRegistration(
    IdentityDb db,
    UserManager<Account> accounts,
    AccountLinks links,
    IOutbox outbox,
    IOptions<AuthorizationServerOptions> server,
    TimeProvider clock)
{
    public static readonly TimeSpan RegistrationNoticeInterval = TimeSpan.FromHours(1);

    /// <summary>Null when registered (or when the address is taken: the same answer), else the password's problems.</summary>
    public async Task<IReadOnlyList<string>?> RegisterAsync(string displayName, string email, string password, CancellationToken ct)
    {
        var account = new Account
        {
            Id = Guid.CreateVersion7(),
            UserName = email,
            Email = email,
            DisplayName = displayName,
            CreatedAt = clock.GetUtcNow(),
        };

        // The password rules first, whether or not the address is taken: a refusal must not depend on it.
        var problems = await accounts.PasswordProblemsAsync(account, password);
        if (problems.Count > 0)
        {
            return problems;
        }

        await using var work = await db.BeginUnitOfWorkAsync(ct);
        if (await accounts.FindByEmailAsync(email) is { } existing)
        {
            // As long as a new account's password hashing takes: the answer's timing says nothing either.
            accounts.PasswordHasher.HashPassword(account, password);
            TellOwner(existing);
        }
        else
        {
            IdentityResult created;
            try
            {
                created = await accounts.CreateAsync(account, password);
            }
            catch (DbUpdateException e) when (e.IsUniqueViolation())
            {
                return null; // a concurrent registration of the same address won: the same answer, no email
            }

            if (!created.Succeeded)
            {
                return created.Errors.Any(e => e.Code is "DuplicateUserName" or "DuplicateEmail") ? null : [.. created.Errors.Select(e => e.Description)];
            }

            await accounts.AddToRoleAsync(account, Roles.Customer);
            RequestVerification(account);
        }

        await db.SaveChangesAsync(ct);
        await work.CommitAsync(ct);
        return null;
    }

    /// <summary>
    /// Consumes a verification link: the account's address is verified if it is still the address the link was sent
    /// to. False for a link that is unknown, expired or used.
    /// </summary>
    public async Task<bool> VerifyEmailAsync(Guid linkId, string? secret, CancellationToken ct)
    {
        await using var work = await db.BeginUnitOfWorkAsync(ct);
        if (await links.ConsumeAsync(linkId, secret, AccountLinkPurpose.VerifyEmail, ct) is not { } link
            || await accounts.FindByIdAsync(link.AccountId.ToString()) is not { } account
            || !string.Equals(account.Email, link.Email, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        account.EmailConfirmed = true;
        await accounts.UpdateAsync(account);
        await work.CommitAsync(ct);
        return true;
    }

    /// <summary>A new verification link for a signed-in account whose address is not verified yet.</summary>
    public async Task ResendVerificationAsync(Account account, CancellationToken ct)
    {
        if (account.EmailConfirmed)
        {
            return;
        }

        RequestVerification(account);
        await db.SaveChangesAsync(ct);
    }

    private void RequestVerification(Account account)
    {
        var link = links.Issue(account, AccountLinkPurpose.VerifyEmail);
        outbox.Enqueue(id => new EmailVerificationRequested(id, link.Id, account.Id, account.Email!, account.DisplayName,
            link.Url.AbsoluteUri, link.ExpiresAt, clock.GetUtcNow(), Activity.Current?.Id));
    }

    /// <summary>
    /// Tells the owner, at most once per <see cref="RegistrationNoticeInterval"/>: repeated attempts must not turn our mail
    /// server into a way to flood someone's inbox.
    /// </summary>
    private void TellOwner(Account owner)
    {
        var now = clock.GetUtcNow();
        if (owner.RegistrationNoticeSentAt is { } last && now - last < RegistrationNoticeInterval)
        {
            return;
        }

        owner.RegistrationNoticeSentAt = now;
        var issuer = server.Value.Issuer!;
        outbox.Enqueue(id => new RegistrationAttempted(id, owner.Id, owner.Email!, owner.DisplayName,
            new Uri(issuer, AccountsExtensions.LoginPath.TrimStart('/')).AbsoluteUri,
            new Uri(issuer, PasswordReset.PasswordResets.ForgotPasswordPath.TrimStart('/')).AbsoluteUri,
            clock.GetUtcNow(), Activity.Current?.Id));
    }
}

using System.Diagnostics;
using Identity.Service.AccountEvents;
using Identity.Service.Links;
using Identity.Service.Accounts;
using Identity.Service.Data;
using Identity.Service.Sessions;
using Microsoft.AspNetCore.Identity;
using ServiceDefaults.Data;
using ServiceDefaults.Outbox;

namespace Identity.Service.PasswordReset;

/// <summary>
/// Forgot password (an emailed single-use link, 30 minutes), reset through it, and change while signed in. A reset or
/// a change revokes every refresh token of the account and changes its security stamp (other cookie sessions end).
/// </summary>
public sealed class PasswordResets(
    IdentityDb db,
    UserManager<Account> accounts,
    AccountLinks links,
    AccountSessions sessions,
    IOutbox outbox,
    TimeProvider clock)
{
    public const string ForgotPasswordPath = "/account/forgot-password";

    /// <summary>Emails a reset link when the address has an account; does nothing otherwise. The caller answers the same either way.</summary>
    public async Task RequestAsync(string email, CancellationToken ct)
    {
        if (await accounts.FindByEmailAsync(email) is not { } account)
        {
            return;
        }

        var link = links.Issue(account, AccountLinkPurpose.ResetPassword);
        outbox.Enqueue(id => new PasswordResetRequested(id, link.Id, account.Id, account.Email!, account.DisplayName,
            link.Url.AbsoluteUri, link.ExpiresAt, clock.GetUtcNow(), Activity.Current?.Id));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Sets a new password through a reset link; the link and every other reset link of the account stop working.</summary>
    public async Task<ResetOutcome> ResetAsync(Guid linkId, string? secret, string password, CancellationToken ct)
    {
        if (await links.FindUsableAsync(linkId, secret, AccountLinkPurpose.ResetPassword, ct) is not { } usable
            || await accounts.FindByIdAsync(usable.AccountId.ToString()) is not { } account)
        {
            return ResetOutcome.LinkNotUsable;
        }

        if (await accounts.PasswordProblemsAsync(account, password) is { Count: > 0 } problems)
        {
            return new ResetOutcome(problems);
        }

        await using var work = await db.BeginUnitOfWorkAsync(ct);
        if (await links.ConsumeAsync(linkId, secret, AccountLinkPurpose.ResetPassword, ct) is null)
        {
            return ResetOutcome.LinkNotUsable;
        }

        await links.RetireAllAsync(account.Id, AccountLinkPurpose.ResetPassword, ct);
        account.PasswordHash = accounts.PasswordHasher.HashPassword(account, password);
        // The link reached this address: it is the owner's.
        account.EmailConfirmed |= string.Equals(account.Email, usable.Email, StringComparison.OrdinalIgnoreCase);
        await accounts.UpdateSecurityStampAsync(account);
        await sessions.RevokeAllAsync(account.Id, ct);
        await work.CommitAsync(ct);
        return ResetOutcome.Done;
    }

    /// <summary>Changes the password of a signed-in account, given its current one; null when done, else the problems.</summary>
    public async Task<IReadOnlyList<string>?> ChangeAsync(Account account, string currentPassword, string newPassword, CancellationToken ct)
    {
        await using var work = await db.BeginUnitOfWorkAsync(ct);
        var changed = await accounts.ChangePasswordAsync(account, currentPassword, newPassword); // also changes the security stamp
        if (!changed.Succeeded)
        {
            return [.. changed.Errors.Select(e => e.Code == "PasswordMismatch" ? "The current password is not right." : e.Description)];
        }

        await sessions.RevokeAllAsync(account.Id, ct);
        await work.CommitAsync(ct);
        return null;
    }
}

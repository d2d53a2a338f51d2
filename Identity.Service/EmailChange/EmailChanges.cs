using System.Diagnostics;
using Identity.Service.AccountEvents;
using Identity.Service.Accounts;
using Identity.Service.Authorization;
using Identity.Service.Data;
using Identity.Service.Links;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceDefaults.Data;
using ServiceDefaults.Outbox;

namespace Identity.Service.EmailChange;

/// <summary>
/// An account's address changes only to one its owner proves: the signed-in owner asks (with their password), a
/// single-use link goes to the new address, and following it makes the change and tells the profile (an event through
/// the outbox). Whether the new address already has an account is never said: the answer is the same, and no link goes
/// out for a taken address.
/// </summary>
public sealed class EmailChanges(
    IdentityDb db,
    UserManager<Account> accounts,
    AccountLinks links,
    IOutbox outbox,
    IOptions<AuthorizationServerOptions> server,
    TimeProvider clock)
{
    /// <summary>Null when the request is taken (a link is on its way, unless the address is taken), else what is wrong.</summary>
    public async Task<string?> RequestAsync(Account account, string password, string newEmail, CancellationToken ct)
    {
        if (!await accounts.CheckPasswordAsync(account, password))
        {
            return "The password is not right.";
        }

        if (string.Equals(account.Email, newEmail, StringComparison.OrdinalIgnoreCase))
        {
            return "That is already your address.";
        }

        if (await accounts.FindByEmailAsync(newEmail) is null)
        {
            var link = links.Issue(account, AccountLinkPurpose.ChangeEmail, sentTo: newEmail);
            outbox.Enqueue(id => new EmailVerificationRequested(id, link.Id, account.Id, newEmail, account.DisplayName,
                link.Url.AbsoluteUri, link.ExpiresAt, clock.GetUtcNow(), Activity.Current?.Id));
            await db.SaveChangesAsync(ct);
        }

        return null;
    }

    /// <summary>Follows a change link: the account takes the address the link reached, verified, and the profile is told.</summary>
    public async Task<EmailChangeOutcome> ConfirmAsync(Guid linkId, string? secret, CancellationToken ct)
    {
        await using var work = await db.BeginUnitOfWorkAsync(ct);
        if (await links.ConsumeAsync(linkId, secret, AccountLinkPurpose.ChangeEmail, ct) is not { } link
            || await accounts.FindByIdAsync(link.AccountId.ToString()) is not { } account)
        {
            return EmailChangeOutcome.LinkNotUsable;
        }

        if (await accounts.FindByEmailAsync(link.Email) is { } holder && holder.Id != account.Id)
        {
            return EmailChangeOutcome.AddressTaken;
        }

        var previousEmail = account.Email!;
        account.Email = link.Email;
        account.UserName = link.Email;
        account.EmailConfirmed = true;
        // A new stamp ends the account's other cookie sessions: the address is how one signs in.
        var updated = await accounts.UpdateSecurityStampAsync(account);
        if (!updated.Succeeded)
        {
            return EmailChangeOutcome.AddressTaken; // a concurrent registration or change won the address (unique index)
        }

        await links.RetireAllAsync(account.Id, AccountLinkPurpose.ChangeEmail, ct);
        outbox.Enqueue(id => new AccountEmailChanged(id, account.Id, link.Email, previousEmail, account.DisplayName,
            new Uri(server.Value.Issuer!, AccountsExtensions.LoginPath.TrimStart('/')).AbsoluteUri, clock.GetUtcNow(), Activity.Current?.Id));
        try
        {
            await db.SaveChangesAsync(ct);
            await work.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return EmailChangeOutcome.AddressTaken;
        }

        return EmailChangeOutcome.Changed;
    }
}

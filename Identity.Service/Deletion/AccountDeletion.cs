using System.Diagnostics;
using Identity.Service.AccountEvents;
using Identity.Service.Accounts;
using Identity.Service.Data;
using Identity.Service.Sessions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ServiceDefaults.Data;
using ServiceDefaults.Outbox;

namespace Identity.Service.Deletion;

/// <summary>
/// Deleting an account deletes the person: the account row (address, name, password hash, roles), its emailed links,
/// and every token and authorization (revoked: no refresh works again). The other services learn it through events
/// (docs/architecture.md, "An account's address and its deletion"): Users.Service deletes the profile and Orders.Service keeps the
/// orders for the books without name or address.
/// </summary>
public sealed class AccountDeletion(IdentityDb db, UserManager<Account> accounts, AccountSessions sessions, IOutbox outbox, TimeProvider clock)
{
    /// <summary>The owner deletes their account with their password; false when the password is not right.</summary>
    public async Task<bool> DeleteAsync(Account account, string password, CancellationToken ct)
    {
        if (!await accounts.CheckPasswordAsync(account, password))
        {
            return false;
        }

        await DeleteAsync(account, tellProfile: true, ct);
        return true;
    }

    /// <summary>
    /// The profile was deleted (by its owner through the API, or by an admin): the account goes too. Nothing when it
    /// is already gone (the deletion started here, or the event came again).
    /// </summary>
    public async Task FollowProfileDeletedAsync(Guid accountId, CancellationToken ct)
    {
        if (await accounts.FindByIdAsync(accountId.ToString()) is { } account)
        {
            await DeleteAsync(account, tellProfile: false, ct);
        }
    }

    private async Task DeleteAsync(Account account, bool tellProfile, CancellationToken ct)
    {
        await using var work = await db.BeginUnitOfWorkAsync(ct);
        await sessions.RevokeAllAsync(account.Id, ct);
        await db.AccountLinks.Where(l => l.AccountId == account.Id).ExecuteDeleteAsync(ct);
        var deleted = await accounts.DeleteAsync(account);
        if (!deleted.Succeeded)
        {
            throw new InvalidOperationException($"Account {account.Id} could not be deleted: {string.Join("; ", deleted.Errors.Select(e => e.Description))}");
        }

        if (tellProfile)
        {
            outbox.Enqueue(id => new AccountDeleted(id, account.Id, clock.GetUtcNow(), Activity.Current?.Id));
            await db.SaveChangesAsync(ct);
        }

        await work.CommitAsync(ct);
    }
}

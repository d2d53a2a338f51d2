using System.Linq.Expressions;

namespace ServiceDefaults.Callers;

/// <summary>
/// Ownership enforced inside the query: rows the caller may not see are not found at all (a 404, never a
/// 403 that would confirm they exist). Written once for every owned resource.
/// </summary>
public static class CallerQueries
{
    /// <summary>The rows of <paramref name="source"/> that <paramref name="caller"/> may see: all for an admin, else those it owns.</summary>
    public static IQueryable<T> VisibleTo<T>(this IQueryable<T> source, Caller caller, Expression<Func<T, Guid>> owner)
    {
        if (caller.IsAdmin)
        {
            return source;
        }

        if (caller.AccountId is not { } accountId)
        {
            return source.Where(_ => false);
        }

        // The id as a captured member, not a constant: the database sees a parameter, and one cached plan serves every caller.
        var account = new Account(accountId);
        var ownsRow = Expression.Equal(owner.Body, Expression.Property(Expression.Constant(account), nameof(Account.Id)));
        return source.Where(Expression.Lambda<Func<T, bool>>(ownsRow, owner.Parameters));
    }

    private sealed record Account(Guid Id);
}

using Microsoft.AspNetCore.Mvc;
using ServiceDefaults.Validation;

namespace ServiceDefaults.Pagination;

/// <summary>The <c>limit</c> and <c>cursor</c> query parameters, validated like any other input.</summary>
public abstract class CursorQuery<TKey> : IValidatableRequest where TKey : class
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    [FromQuery(Name = "limit")]
    public int? Limit { get; set; }

    [FromQuery(Name = "cursor")]
    public string? Cursor { get; set; }

    public int PageSize => Limit ?? DefaultLimit;

    /// <summary>The position after which the page starts (null: from the beginning).</summary>
    public TKey? After => Cursor is null ? null : Cursors.Decode<TKey>(Cursor);

    public virtual void Validate(ValidationErrors errors)
    {
        if (Limit is < 1 or > MaxLimit)
        {
            errors.Add("limit", $"Must be between 1 and {MaxLimit}.");
        }

        if (Cursor is not null && !Cursors.TryDecode<TKey>(Cursor, out _))
        {
            errors.Add("cursor", "Is not a cursor returned by this list.");
        }
    }

    /// <summary>
    /// Builds the page from rows fetched with <c>Take(PageSize + 1)</c>: the extra row only says that
    /// another page exists, and the cursor points after the last row returned.
    /// </summary>
    public CursorPage<TItem> ToPage<TRow, TItem>(IReadOnlyList<TRow> rows, Func<TRow, TKey> key, Func<TRow, TItem> map)
    {
        var hasMore = rows.Count > PageSize;
        var page = hasMore ? rows.Take(PageSize).ToList() : rows;
        return new CursorPage<TItem>(
            page.Select(map).ToList(),
            hasMore ? Cursors.Encode(key(page[^1])) : null);
    }
}

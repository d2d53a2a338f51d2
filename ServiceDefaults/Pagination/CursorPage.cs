using System.Buffers.Text;

using System.Text.Json;
using ServiceDefaults.Validation;

namespace ServiceDefaults.Pagination;

/// <summary>
/// A page of a keyset-paginated list: <c>{ "data": [...], "next_cursor": "..." }</c>, with no
/// <c>next_cursor</c> on the last page. Never an offset, never a COUNT(*).
/// </summary>
public sealed record CursorPage<T>(IReadOnlyList<T> Data, string? NextCursor);

/// <summary>The <c>limit</c> and <c>cursor</c> query parameters, validated like any other input.</summary>
public abstract class CursorQuery<TKey> : IValidatableRequest where TKey : class
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public int? Limit { get; set; }

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

/// <summary>Opaque cursors: base64url of the sort key's JSON. Opaque to clients, not secret.</summary>
public static class Cursors
{
    public static string Encode<TKey>(TKey key) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(key, JsonOptions));

    public static TKey Decode<TKey>(string cursor) where TKey : class =>
        TryDecode<TKey>(cursor, out var key) ? key : throw new FormatException("Invalid cursor.");

    public static bool TryDecode<TKey>(string cursor, out TKey key) where TKey : class
    {
        key = null!;
        if (cursor.Length is 0 or > 512 || !Base64Url.IsValid(cursor))
        {
            return false;
        }

        try
        {
            key = JsonSerializer.Deserialize<TKey>(Base64Url.DecodeFromChars(cursor), JsonOptions)!;
            return key is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

}

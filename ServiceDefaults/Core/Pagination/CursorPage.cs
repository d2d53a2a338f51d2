namespace ServiceDefaults.Pagination;

/// <summary>
/// A page of a keyset-paginated list: <c>{ "data": [...], "next_cursor": "..." }</c>, with no
/// <c>next_cursor</c> on the last page. Never an offset, never a COUNT(*).
/// </summary>
public sealed record CursorPage<T>(IReadOnlyList<T> Data, string? NextCursor);

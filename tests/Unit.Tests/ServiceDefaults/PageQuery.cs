using ServiceDefaults.Pagination;

namespace Unit.Tests.ServiceDefaults;

/// <summary>The smallest list query: only what every paginated list has (limit and cursor).</summary>
public sealed class PageQuery : CursorQuery<PageKey>;

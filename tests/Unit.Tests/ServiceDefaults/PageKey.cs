namespace Unit.Tests.ServiceDefaults;

/// <summary>A list's sort key, as a service declares one (e.g. OrderCursor): the position of the last row returned.</summary>
public sealed record PageKey(int Position, string Name);

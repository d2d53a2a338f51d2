namespace EndToEnd.Tests.Hostile;

internal sealed record VictimState(string Profile, string ProfileETag, string OrderList, IReadOnlyList<string> Orders, string Spending);

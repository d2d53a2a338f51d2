namespace EndToEnd.Tests.RollingRestarts;

/// <summary>An order the gateway answered 201 to, and the customer whose confirmation email it owes.</summary>
public sealed record PlacedOrder(string Id, long Number, string CustomerEmail);

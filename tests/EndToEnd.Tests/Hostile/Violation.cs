namespace EndToEnd.Tests.Hostile;

/// <summary>A rule a response broke, and the evidence.</summary>
internal sealed record Violation(string Rule, string Evidence);

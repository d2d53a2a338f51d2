namespace ServiceDefaults.OpenApi;

/// <summary>What a tag (one resource's group of operations) is: endpoint metadata the API document's tags are described from.</summary>
public sealed record TagDescription(string Name, string Description);

namespace Gateway.Tests;

public sealed record RecordedRequest(string Path, Dictionary<string, string> Headers);

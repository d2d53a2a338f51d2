namespace Deployment.Tests;

/// <summary>
/// The API documents clients are generated from (docs/openapi, kept equal to what the services publish by
/// tests/Unit.Tests/Contracts/PublishedApiDocumentTests.cs) pass Redocly's recommended rules with no error and no
/// warning (tools/openapi/redocly.yaml; Redocly pinned in tools/openapi/package-lock.json, installed by
/// scripts/prerequisites.sh).
/// </summary>
public sealed class ApiDocumentLintTests
{
    [Fact]
    public async Task The_published_api_documents_lint_clean_with_redocly_s_recommended_rules()
    {
        var tools = RepositoryRoot.Combine("tools", "openapi");
        var redocly = Path.Combine(tools, "node_modules", ".bin", "redocly");
        Assert.True(File.Exists(redocly), $"{redocly} is missing: run scripts/prerequisites.sh (npm ci in tools/openapi).");

        string[] documents = ["../../docs/openapi/users.v1.json", "../../docs/openapi/orders.v1.json"];

        // One JSON report per document on stdout, each with its totals.
        var lint = await CommandLine.RunAsync(redocly, ["lint", "--format=json", .. documents], TimeSpan.FromMinutes(2), workingDirectory: tools,
            environment: new Dictionary<string, string> { ["REDOCLY_TELEMETRY"] = "off" });

        Assert.True(lint.ExitCode == 0, lint.Describe());
        var counts = System.Text.RegularExpressions.Regex.Matches(lint.Output, "\"(errors|warnings)\": (\\d+)");
        Assert.Equal(documents.Length * 2, counts.Count);
        Assert.True(counts.All(c => c.Groups[2].Value == "0"), lint.Describe());
    }
}

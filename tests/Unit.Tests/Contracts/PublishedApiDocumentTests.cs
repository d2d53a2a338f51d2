using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Unit.Tests.Contracts;

/// <summary>
/// docs/openapi holds the documents the services publish, committed: clients are generated from them (the web app's
/// API types) and Redocly lints them (tests/Deployment.Tests/ApiDocumentLintTests.cs). A change to an endpoint that is
/// not carried into them fails here. To carry it: <c>UPDATE_API_DOCUMENTS=1 dotnet test tests/Unit.Tests --filter
/// PublishedApiDocumentTests</c>, then review and commit the diff.
/// </summary>
public sealed class PublishedApiDocumentTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Theory]
    [InlineData("users")]
    [InlineData("orders")]
    public async Task The_committed_document_is_the_one_the_service_publishes(string service)
    {
        var ct = TestContext.Current.CancellationToken;
        var document = service == "users" ? await ServiceApiDocuments.UsersAsync(ct) : await ServiceApiDocuments.OrdersAsync(ct);
        var published = Normalized(document);
        var committed = Path.Combine(RepositoryRoot(), "docs", "openapi", $"{service}.v1.json");

        if (Environment.GetEnvironmentVariable("UPDATE_API_DOCUMENTS") == "1")
        {
            await File.WriteAllTextAsync(committed, published, ct);
        }

        Assert.True(File.Exists(committed) && await File.ReadAllTextAsync(committed, ct) == published,
            $"docs/openapi/{service}.v1.json is not what the service publishes: run UPDATE_API_DOCUMENTS=1 dotnet test tests/Unit.Tests --filter PublishedApiDocumentTests, review the diff and commit it.");
    }

    /// <summary>Indented, one newline at the end.</summary>
    private static string Normalized(JsonElement document) =>
        JsonNode.Parse(document.GetRawText())!.ToJsonString(Indented).ReplaceLineEndings("\n") + "\n";

    /// <summary>The clone this file was compiled from (tests/Unit.Tests/Contracts/ is three folders down).</summary>
    private static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));
}

namespace Deployment.Tests;

/// <summary>
/// The web app's API types (WebApp/src/api/generated) are generated from the committed API documents: a document that
/// changes without the types being regenerated (npm run api-types in WebApp/) fails here, as the app would otherwise
/// compile against an API that no longer exists.
/// </summary>
public sealed class WebAppApiTypesTests
{
    [Fact]
    public async Task The_web_app_s_api_types_are_those_of_the_published_api_documents()
    {
        var app = RepositoryRoot.Combine("WebApp");
        var generator = Path.Combine(app, "node_modules", ".bin", "openapi-typescript");
        Assert.True(File.Exists(generator), $"{generator} is missing: run scripts/prerequisites.sh (npm ci in WebApp).");

        foreach (var api in new[] { "orders", "users" })
        {
            var check = await CommandLine.RunAsync(generator, [$"../docs/openapi/{api}.v1.json", "--check", "-o", $"src/api/generated/{api}.ts"],
                TimeSpan.FromMinutes(1), workingDirectory: app);
            Assert.True(check.ExitCode == 0, check.Describe());
        }
    }
}

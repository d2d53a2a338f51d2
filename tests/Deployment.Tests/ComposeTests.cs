using YamlDotNet.Serialization;

namespace Deployment.Tests;

/// <summary>deploy/compose/compose.yaml, validated offline by Debian's docker-compose.</summary>
public sealed class ComposeTests
{
    private static readonly string Folder = RepositoryRoot.Combine("deploy", "compose");

    [Fact]
    public async Task The_compose_file_validates_and_every_service_has_a_healthcheck()
    {
        var result = await ComposeConfigAsync(Path.Combine(Folder, ".env.example"));

        Assert.True(result.ExitCode == 0, result.Describe());
        var services = (IDictionary<object, object>)new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(result.Output)["services"];
        foreach (var name in Overlays.Services.Concat(["postgres", "redis", "messaging", "mail"]))
        {
            var service = (IDictionary<object, object>)services[name];
            Assert.True(service.ContainsKey("healthcheck"), $"{name} has no healthcheck");
            Assert.Matches(@":[0-9][A-Za-z0-9._-]*$", (string)service["image"]);
        }
    }

    [Fact]
    public async Task Without_the_secrets_compose_refuses_and_names_the_missing_one()
    {
        var empty = Path.GetTempFileName();
        try
        {
            var result = await ComposeConfigAsync(empty);

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("PASSWORD in .env", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(empty);
        }
    }

    [Fact]
    public async Task The_env_file_with_the_secrets_is_never_committed()
    {
        var ignored = await CommandLine.RunAsync("git", ["check-ignore", "-q", "deploy/compose/.env"], TimeSpan.FromSeconds(30));
        var example = await CommandLine.RunAsync("git", ["check-ignore", "-q", "deploy/compose/.env.example"], TimeSpan.FromSeconds(30));

        Assert.Equal(0, ignored.ExitCode);
        Assert.Equal(1, example.ExitCode);
    }

    private static Task<CommandLine.Result> ComposeConfigAsync(string envFile) =>
        CommandLine.RunAsync("docker-compose", ["--env-file", envFile, "--file", "compose.yaml", "config"], TimeSpan.FromMinutes(1), Folder);
}

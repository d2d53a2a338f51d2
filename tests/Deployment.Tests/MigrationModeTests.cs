namespace Deployment.Tests;

/// <summary>
/// Database:Migrations as production uses it: the migrate Job's mode (Only) migrates and exits 0 without serving; the
/// pods' mode (Verify) refuses to start on a schema older than the build needs. Run with Notifications.Worker, the
/// service with the fewest dependencies before it serves.
/// </summary>
[Collection(ReleaseBuilds.Name)]
public sealed class MigrationModeTests
{
    private static readonly string Output = RepositoryRoot.Combine("Notifications.Worker", "bin", "Release", "net10.0");

    [Fact(Timeout = 600_000)]
    public async Task The_migrate_Job_migrates_and_exits_and_a_pod_refuses_an_older_schema()
    {
        var build = await CommandLine.RunAsync("dotnet", ["build", RepositoryRoot.Combine("Notifications.Worker", "Notifications.Worker.csproj"), "-c", "Release", "--nologo", "-v:quiet"], TimeSpan.FromMinutes(8));
        Assert.True(build.ExitCode == 0, build.Describe());
        await using var postgres = await ThrowawayPostgres.StartAsync();
        await postgres.CreateDatabaseAsync("notificationsdb");

        var refused = await RunWorkerAsync(postgres, "Verify");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("older than this build needs", refused.Output + refused.Error, StringComparison.Ordinal);
        Assert.Equal("0", (await postgres.QueryAsync("notificationsdb", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).Trim());

        var migrated = await RunWorkerAsync(postgres, "Only");
        Assert.True(migrated.ExitCode == 0, migrated.Describe());
        Assert.Contains("sent_order_confirmations", await postgres.QueryAsync("notificationsdb", "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"), StringComparison.Ordinal);

        // On the migrated schema Verify lets the worker start: it runs until stopped (the broker is absent, so it only
        // waits for it) instead of exiting on the schema check.
        await Assert.ThrowsAsync<TimeoutException>(() => RunWorkerAsync(postgres, "Verify", TimeSpan.FromSeconds(15)));
    }

    private static Task<CommandLine.Result> RunWorkerAsync(ThrowawayPostgres postgres, string mode, TimeSpan? timeout = null) =>
        CommandLine.RunAsync("dotnet", [Path.Combine(Output, "Notifications.Worker.dll")], timeout ?? TimeSpan.FromMinutes(1), Output,
            new Dictionary<string, string>
            {
                ["Database__Migrations"] = mode,
                ["ConnectionStrings__notificationsdb"] = postgres.ConnectionString("notificationsdb"),
                ["ConnectionStrings__messaging"] = "amqp://nobody:nothing@127.0.0.1:1",
                ["ConnectionStrings__mail"] = "Endpoint=smtp://127.0.0.1:1",
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            });
}

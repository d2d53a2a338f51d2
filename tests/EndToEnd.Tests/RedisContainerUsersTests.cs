using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AppHost.Infrastructure;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Backend.Testing;

namespace EndToEnd.Tests;

/// <summary>
/// Container mode cannot run here (no Docker daemon), so its cache users are checked by running the command Aspire's Redis
/// container gets in run mode (our --user options after Aspire's, and the container's environment) under sh with Debian's
/// redis-server: each service's user exists with its rules. What it cannot show is how Aspire hands those words to the
/// container's /bin/sh (they hold "$REDIS_PASSWORD", so a shell must expand them): it joins them as one script.
/// </summary>
public sealed class RedisContainerUsersTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_container_s_command_defines_each_service_s_cache_user_with_its_rules()
    {
        var dataDirectory = BackendApp.NewDataDirectory();
        Directory.CreateDirectory(dataDirectory);
        try
        {
            await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
                ["--Infra:Mode=containers", $"--Infra:DataDir={dataDirectory}"], Ct);
            var redis = builder.Resources.OfType<RedisResource>().Single();
            var arguments = await ArgumentsInRunModeAsync(builder, redis);
            var environment = await EnvironmentInRunModeAsync(builder, redis);
            // What the container's sh runs: the script after "-c" or, as Aspire 13.6 gives them in run mode, the command's
            // words, which only a shell can use (its own password is the word "$REDIS_PASSWORD"), joined into one script.
            var script = arguments is ["-c", var joined] ? joined : string.Join(' ', arguments);
            Assert.True(script.StartsWith("redis-server --requirepass $REDIS_PASSWORD ", StringComparison.Ordinal), string.Join(" | ", arguments));

            var port = FreePort();
            var start = new ProcessStartInfo("sh") { WorkingDirectory = dataDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add($"exec {script} --port {port} --bind 127.0.0.1 --save ''");
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            using var server = Process.Start(start)!;
            try
            {
                var admin = environment["REDIS_PASSWORD"];
                await Eventually.TrueAsync(async () => (await RedisCliAsync(port, "default", admin, "PING")).Contains("PONG", StringComparison.Ordinal),
                    TimeSpan.FromSeconds(20), "the container's command starts redis-server", TimeSpan.FromMilliseconds(200), Ct);

                var users = await RedisCliAsync(port, "default", admin, "ACL", "LIST");
                foreach (var (service, permissions) in CachePermissions.OfServices)
                {
                    var password = environment[RedisContainerUsers.PasswordVariable(service)];
                    Assert.Contains($"user {service} on ", users, StringComparison.Ordinal);
                    var key = $"{permissions.Caches[0]}:v1:container-check";
                    Assert.Equal("OK", (await RedisCliAsync(port, service, password, "SET", key, "1")).Trim());
                    Assert.StartsWith("NOPERM", await RedisCliAsync(port, service, password, "FLUSHALL"), StringComparison.Ordinal);
                    Assert.StartsWith("NOPERM", await RedisCliAsync(port, service, password, "SET", "elsewhere", "1"), StringComparison.Ordinal);
                }
            }
            finally
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync(Ct);
            }
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>The resource's arguments as a running app gives them (Aspire's helper evaluates them as for publishing).</summary>
    private static async Task<string[]> ArgumentsInRunModeAsync(IDistributedApplicationTestingBuilder builder, RedisResource redis)
    {
        var arguments = new List<object>();
        var context = new CommandLineArgsCallbackContext(arguments, redis, Ct) { ExecutionContext = builder.ExecutionContext };
        foreach (var callback in redis.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        return [.. await Task.WhenAll(arguments.Select(ValueAsync))];
    }

    private static async Task<Dictionary<string, string>> EnvironmentInRunModeAsync(IDistributedApplicationTestingBuilder builder, RedisResource redis)
    {
        var variables = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(builder.ExecutionContext, redis, variables, Ct);
        foreach (var callback in redis.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }

        var values = new Dictionary<string, string>();
        foreach (var (name, value) in variables)
        {
            values[name] = await ValueAsync(value);
        }

        return values;
    }

    private static async Task<string> ValueAsync(object value) => value switch
    {
        string text => text,
        IValueProvider provider => await provider.GetValueAsync(Ct) ?? "",
        _ => value.ToString() ?? "",
    };

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>One redis-cli command as <paramref name="user"/>; its output (errors included: redis-cli prints them on stdout).</summary>
    private static async Task<string> RedisCliAsync(int port, string user, string password, params string[] command)
    {
        var start = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--user", user, "--no-auth-warning" }.Concat(command))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["REDISCLI_AUTH"] = password;
        using var cli = Process.Start(start)!;
        var output = await cli.StandardOutput.ReadToEndAsync(Ct);
        var error = await cli.StandardError.ReadToEndAsync(Ct);
        await cli.WaitForExitAsync(Ct);
        return output + error;
    }
}

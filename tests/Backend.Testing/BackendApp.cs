using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Backend.Testing;

/// <summary>
/// The real AppHost in process mode with its own data folder and Aspire-allocated ports, so test runs
/// in parallel do not collide. Starting fails (never hangs) when a resource cannot start: the error
/// carries the failing resource's last log lines.
/// </summary>
public sealed class BackendApp : IAsyncDisposable
{
    private readonly ResourceLogBuffer _logs;

    private readonly bool _ownsDataDirectory;

    private readonly string? _entryPoint;

    private BackendApp(DistributedApplication app, string dataDirectory, bool ownsDataDirectory, ResourceLogBuffer logs, string? entryPoint)
    {
        App = app;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
        _logs = logs;
        _entryPoint = entryPoint;
    }

    /// <summary>The issuer URL the services use when the gateway is not started: an address that never resolves (RFC 2606).</summary>
    public static readonly Uri PublicUrlStandIn = new("http://gateway.invalid/");

    /// <summary>
    /// The system's public URL, the issuer of every token: the gateway's, or <see cref="PublicUrlStandIn"/> when the
    /// app runs without it.
    /// </summary>
    public Uri PublicUrl => _entryPoint is null ? PublicUrlStandIn : Endpoint(_entryPoint, "http");

    public DistributedApplication App { get; }

    public string DataDirectory { get; }

    /// <summary>When each resource began running and became healthy during the start.</summary>
    public StartTimeline StartTimeline { get; } = new();

    public static async Task<BackendApp> StartAsync(BackendAppOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new BackendAppOptions();
        var dataDirectory = options.DataDirectory ?? NewDataDirectory();
        Directory.CreateDirectory(dataDirectory);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.StartTimeout);

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            ["--Infra:Mode=processes", $"--Infra:DataDir={dataDirectory}", "--Gateway:Port=0", "--Storefront:DevServer=false", "--Shop:DemoCatalog=false", .. options.ExtraArguments],
            (appOptions, _) => appOptions.DisableDashboard = true,
            timeout.Token);

        if (options.Only is { } only)
        {
            KeepOnly(builder, only);
        }

        ExportTelemetryTo(builder, options.TelemetryEndpoint);
        GiveSettings(builder, options.ServiceSettings);
        var entryPoint = builder.Resources.FirstOrDefault(IsEntryPoint)?.Name;

        // Resource logs stay available (RecentLogs, failure reports); only warnings reach the host's console.
        builder.Services.AddLogging(logging => logging.AddFilter("AppHost.Resources", LogLevel.Warning));
        if (options.LogFile is { } logFile)
        {
            builder.Services.AddLogging(logging =>
            {
                // Rules for a provider win over the general ones above: the file gets everything, the console less.
                logging.AddProvider(new LogFileProvider(logFile));
                logging.AddFilter<LogFileProvider>(null, LogLevel.Information);
                logging.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning);
                logging.AddFilter<ConsoleLoggerProvider>("AppHost.Resources", LogLevel.None);
                // A probe fails (with its exception's stack) until its server is up; a server that never gets healthy fails the start.
                logging.AddFilter<ConsoleLoggerProvider>("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None);
            });
        }

        var app = await builder.BuildAsync(timeout.Token);
        var logs = new ResourceLogBuffer(app.Services.GetRequiredService<ResourceLoggerService>(), app.ResourceNotifications);
        var backend = new BackendApp(app, dataDirectory, options.DataDirectory is null, logs, entryPoint);
        try
        {
            logs.WatchAll(builder.Resources);
            using var timing = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
            var timed = backend.TimeStartAsync(timing.Token);
            await app.StartAsync(timeout.Token);
            await backend.WaitUntilHealthyAsync(builder.Resources, timeout.Token);
            await timing.CancelAsync();
            await timed;
            return backend;
        }
        catch (Exception e)
        {
            var message = (e is OperationCanceledException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested
                ? $"The app did not become healthy within {options.StartTimeout}."
                : $"The app failed to start: {e.Message}") + Environment.NewLine + backend.DescribeStates(builder.Resources);
            await backend.DisposeAsync();
            throw new InvalidOperationException(message + Environment.NewLine + logs.Describe(), e);
        }
    }

    public static string NewDataDirectory() =>
        Path.Combine(Path.GetTempPath(), "backend-tests", Guid.NewGuid().ToString("N")[..12]);

    public Task<string?> ConnectionStringAsync(string resourceName, CancellationToken cancellationToken = default) =>
        App.GetConnectionStringAsync(resourceName, cancellationToken).AsTask();

    public HttpClient CreateHttpClient(string resourceName, string? endpointName = null) =>
        App.CreateHttpClient(resourceName, endpointName);

    public Uri Endpoint(string resourceName, string? endpointName = null) =>
        App.GetEndpoint(resourceName, endpointName);

    public string RecentLogs(string resourceName) => _logs.Describe(resourceName);

    /// <summary>The log lines a resource wrote (all its instances, the last thousand): to wait for what it logs when it handles something.</summary>
    public IReadOnlyList<string> LogLines(string resourceName) => _logs.Lines(resourceName);

    /// <summary>
    /// Another instance of the service <paramref name="resourceName"/> in the test process, configured as the AppHost
    /// configures that service (see <see cref="ServiceInstance{TEntryPoint}"/>); <paramref name="settings"/> and
    /// <paramref name="services"/> override.
    /// </summary>
    /// <typeparam name="TEntryPoint">Any type of the service's assembly.</typeparam>
    public async Task<ServiceInstance<TEntryPoint>> NewInstanceAsync<TEntryPoint>(string resourceName,
        IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, CancellationToken cancellationToken = default)
        where TEntryPoint : class
    {
        var all = await ServiceInstance<TEntryPoint>.SettingsOfAsync(this, resourceName, cancellationToken);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value; // the test's settings win
        }

        return new ServiceInstance<TEntryPoint>(all, services);
    }

    /// <summary>
    /// Runs the built service <paramref name="resourceName"/> as its own process with <paramref name="arguments"/> (a
    /// command, not the server), configured as <see cref="NewInstanceAsync"/> configures an instance plus
    /// <paramref name="settings"/>, with <paramref name="input"/> on its standard input; its exit code and output.
    /// </summary>
    public async Task<(int ExitCode, string Output, string Error)> RunServiceCommandAsync(string resourceName, IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string?> settings, string input = "", CancellationToken cancellationToken = default)
    {
        var project = Resource(resourceName).Annotations.OfType<IProjectMetadata>().Single().ProjectPath;
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<configuration>/<tfm>/
        var assembly = Path.Combine(Path.GetDirectoryName(project)!, "bin", configuration, "net10.0", Path.GetFileNameWithoutExtension(project) + ".dll");
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException($"{resourceName} is not built for {configuration}.", assembly);
        }

        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var all = await ServiceInstance<object>.SettingsOfAsync(this, resourceName, cancellationToken);
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        foreach (var (key, value) in all)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }

    /// <summary>The last log lines of every resource (to explain a failure).</summary>
    public string RecentLogs() => _logs.Describe();

    /// <summary>The resources that were started, with their children (everything the model still has but parameters).</summary>
    public IReadOnlyList<string> Started => [.. App.Services.GetRequiredService<DistributedApplicationModel>().Resources
        .Where(IsStartedWithTheApp).Select(r => r.Name).Order(StringComparer.Ordinal)];

    /// <summary>Stops a resource (as the dashboard's Stop button does) and waits until it is down.</summary>
    /// <remarks>
    /// The orchestrator reports the stop as failed when the process takes more than a few seconds to exit
    /// (a .NET service draining its requests does); the process still stops, so wait for it either way.
    /// </remarks>
    public async Task StopResourceAsync(string resourceName, CancellationToken cancellationToken = default)
    {
        await App.ResourceCommands.ExecuteCommandAsync(Resource(resourceName), KnownResourceCommands.StopCommand, cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await App.ResourceNotifications.WaitForResourceAsync(resourceName, [KnownResourceStates.Exited, KnownResourceStates.Finished], timeout.Token);
    }

    /// <summary>
    /// Kills a resource's processes (SIGKILL, as a crash would) and waits until the orchestrator sees it
    /// exited. Returns the pids that were killed.
    /// </summary>
    public async Task<IReadOnlyCollection<int>> KillResourceAsync(string resourceName, CancellationToken cancellationToken = default)
    {
        var pids = ProcessTable.WithDescendants(ProcessTable.ResourceProcesses(App.ResourceNotifications, [Resource(resourceName)]));
        if (pids.Count == 0)
        {
            throw new InvalidOperationException($"{resourceName} has no running process.");
        }

        ProcessTable.Kill(pids);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await App.ResourceNotifications.WaitForResourceAsync(resourceName, [KnownResourceStates.Exited, KnownResourceStates.Finished], timeout.Token);
        return pids;
    }

    /// <summary>Starts a stopped resource again and waits until it is healthy.</summary>
    public async Task StartResourceAsync(string resourceName, CancellationToken cancellationToken = default)
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync(Resource(resourceName), KnownResourceCommands.StartCommand, cancellationToken);
        if (!result.Success)
        {
            throw new InvalidOperationException($"Could not start {resourceName}: {result.Message}");
        }

        await App.ResourceNotifications.WaitForResourceHealthyAsync(resourceName, cancellationToken);
    }

    private IResource Resource(string name) =>
        App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == name);

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await App.StopAsync(stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            // Never started, or already stopping: disposal below still tears everything down.
        }

        await App.DisposeAsync();
        _logs.Dispose();
        if (!_ownsDataDirectory)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A server may still be flushing a file; the folder is under the temp directory anyway.
        }
    }

    private string DescribeStates(IEnumerable<IResource> resources) => string.Join(Environment.NewLine,
        resources.Where(IsStartedWithTheApp).Select(r =>
            App.ResourceNotifications.TryGetCurrentState(r.Name, out var state)
                ? $"  {r.Name}: {state.Snapshot.State?.Text ?? "?"}, health {state.Snapshot.HealthStatus?.ToString() ?? "unknown"}"
                  + string.Concat(state.Snapshot.HealthReports.Where(h => h.Status != Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy)
                      .Select(h => $" [{h.Name}: {h.Status} {h.Description} {h.ExceptionText?.Split('\n')[0]}]"))
                : $"  {r.Name}: no state"));

    private Task TimeStartAsync(CancellationToken stop) => Task.Run(async () =>
    {
        try
        {
            await foreach (var evt in App.ResourceNotifications.WatchAsync(stop))
            {
                StartTimeline.Saw(evt.Resource.Name, evt.Snapshot.State?.Text,
                    evt.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The start is over (or failed): nothing more to time.
        }
    }, CancellationToken.None);

    private async Task WaitUntilHealthyAsync(IEnumerable<IResource> resources, CancellationToken cancellationToken)
    {
        var notifications = App.ResourceNotifications;
        var watched = resources.Where(IsStartedWithTheApp).Select(r => r.Name).ToList();

        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var failure = Task.Run(async () =>
        {
            await foreach (var evt in notifications.WatchAsync(failed.Token))
            {
                if (watched.Contains(evt.Resource.Name) && evt.Snapshot.State?.Text is "FailedToStart" or "Exited" or "Finished")
                {
                    return $"'{evt.Resource.Name}' is {evt.Snapshot.State?.Text}";
                }
            }

            return "watch ended";
        }, failed.Token);

        var healthy = Task.WhenAll(watched.Select(name => notifications.WaitForResourceHealthyAsync(name, cancellationToken)));
        var first = await Task.WhenAny(healthy, failure);
        await failed.CancelAsync();
        if (first == failure && failure.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException($"Resource {failure.Result} before becoming healthy.");
        }

        await healthy;
    }

    /// <summary>Parameters have no lifecycle; explicit-start resources (Aspire's hidden project rebuilders) wait for a command.</summary>
    public static bool IsStartedWithTheApp(IResource resource) =>
        resource is not ParameterResource && !resource.Annotations.OfType<ExplicitStartupAnnotation>().Any();

    /// <summary>
    /// With the dashboard disabled nothing listens at the OTLP endpoint Aspire still hands the services
    /// (localhost:4317): they would spend CPU and memory on exports that fail and are retried from memory. Without the
    /// endpoint nothing is exported; spans are still made, so trace context flows as it does in production. With
    /// <paramref name="endpoint"/> the services export there instead, over HTTP/protobuf.
    /// </summary>
    private static void ExportTelemetryTo(IDistributedApplicationTestingBuilder builder, Uri? endpoint)
    {
        foreach (var service in builder.Resources.OfType<ProjectResource>())
        {
            // Runs after Aspire's own callback (annotations apply in order), which set the variables.
            service.Annotations.Add(new EnvironmentCallbackAnnotation(environment =>
            {
                foreach (var key in environment.Keys.Where(k => k.StartsWith("OTEL_EXPORTER_OTLP_", StringComparison.Ordinal)).ToList())
                {
                    environment.Remove(key);
                }

                if (endpoint is not null)
                {
                    environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint.ToString();
                    environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
                }
            }));
        }
    }

    /// <summary>Adds the test's settings to each named service's environment (after the AppHost's, so they win).</summary>
    private static void GiveSettings(IDistributedApplicationTestingBuilder builder, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> settings)
    {
        foreach (var (name, values) in settings)
        {
            var service = builder.Resources.OfType<ProjectResource>().SingleOrDefault(r => r.Name == name)
                ?? throw new InvalidOperationException($"Settings for {name}, which the app does not run.");
            service.Annotations.Add(new EnvironmentCallbackAnnotation(environment =>
            {
                foreach (var (key, value) in values)
                {
                    environment[key] = value;
                }
            }));
        }
    }

    /// <summary>Removes every resource not in <paramref name="keep"/> nor needed by one of them.</summary>
    private static void KeepOnly(IDistributedApplicationTestingBuilder builder, IReadOnlyCollection<string> keep)
    {
        var needed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var byName = builder.Resources.ToDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>(keep);
        while (pending.TryPop(out var name))
        {
            if (!needed.Add(name) || !byName.TryGetValue(name, out var resource))
            {
                continue;
            }

            foreach (var wait in resource.Annotations.OfType<WaitAnnotation>())
            {
                pending.Push(wait.Resource.Name);
            }

            foreach (var relation in resource.Annotations.OfType<ResourceRelationshipAnnotation>().Where(r => !IsEntryPoint(r.Resource)))
            {
                pending.Push(relation.Resource.Name);
            }

            if (resource is IResourceWithParent child)
            {
                pending.Push(child.Parent.Name);
            }
        }

        // Children (epmd of the broker, databases of the server) come along with their parent.
        foreach (var resource in builder.Resources.ToList())
        {
            var parent = resource.Annotations.OfType<ResourceRelationshipAnnotation>().FirstOrDefault(r => r.Type == "Parent")?.Resource;
            if (parent is not null && needed.Contains(parent.Name) && resource is not ProjectResource)
            {
                needed.Add(resource.Name);
            }
        }

        foreach (var resource in builder.Resources.Where(r => r is not ParameterResource && !needed.Contains(r.Name)).ToList())
        {
            builder.Resources.Remove(resource);
        }

        // What remains may name a removed resource's URL in its environment (the gateway's, as the token issuer):
        // the stand-in takes its place, so that nothing waits for an endpoint that will never be allocated.
        foreach (var service in builder.Resources.OfType<ProjectResource>())
        {
            service.Annotations.Add(new EnvironmentCallbackAnnotation(environment =>
            {
                foreach (var (key, value) in environment.ToList())
                {
                    if (value is EndpointReference endpoint && !needed.Contains(endpoint.Resource.Name))
                    {
                        environment[key] = PublicUrlStandIn.AbsoluteUri;
                    }
                    else if (value is ReferenceExpression expression && expression.ValueProviders.Count > 0
                        && expression.ValueProviders.All(p => p is EndpointReference e && !needed.Contains(e.Resource.Name)))
                    {
                        // e.g. "{gateway}/callback": the same text around the stand-in's URL (without its final slash).
                        var standIn = PublicUrlStandIn.AbsoluteUri.TrimEnd('/');
                        environment[key] = string.Format(System.Globalization.CultureInfo.InvariantCulture, expression.Format,
                            [.. expression.ValueProviders.Select(_ => (object)standIn)]);
                    }
                }
            }));
        }
    }

    /// <summary>The public entry point: the resource with external endpoints (the gateway).</summary>
    private static bool IsEntryPoint(IResource resource) =>
        resource.Annotations.OfType<EndpointAnnotation>().Any(e => e.IsExternal);
}

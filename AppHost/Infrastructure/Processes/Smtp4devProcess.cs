using System.Text.Json;

namespace AppHost.Infrastructure.Processes;

public static class Smtp4devProcess
{
    private const string PackageId = "rnwood.smtp4dev";

    public static IResourceBuilder<Smtp4devProcessResource> AddSmtp4devProcess(this IDistributedApplicationBuilder builder,
        string name, LocalDataDirectory data)
    {
        var root = data.Component(name);
        var retention = Smtp4devRetention.From(builder.Configuration);
        var resource = new Smtp4devProcessResource(name, LocateTool(data.RepositoryRoot), root);

        var smtp4dev = builder.AddResource(resource)
            .WithLoopbackEndpoint(Smtp4devProcessResource.WebEndpointName, scheme: "http")
            .WithLoopbackEndpoint(Smtp4devProcessResource.SmtpEndpointName)
            .WithLoopbackEndpoint("imap")
            .WithLoopbackEndpoint("pop3")
            .WithIconName("Mail");

        EndpointReference Endpoint(string endpoint) => smtp4dev.GetEndpoint(endpoint);

        return smtp4dev
            .WithArgs(context =>
            {
                context.Args.Add(ReferenceExpression.Create($"--urls=http://127.0.0.1:{Endpoint(Smtp4devProcessResource.WebEndpointName).Property(EndpointProperty.TargetPort)}"));
                context.Args.Add(ReferenceExpression.Create($"--smtpport={Endpoint(Smtp4devProcessResource.SmtpEndpointName).Property(EndpointProperty.TargetPort)}"));
                context.Args.Add(ReferenceExpression.Create($"--imapport={Endpoint("imap").Property(EndpointProperty.TargetPort)}"));
                context.Args.Add(ReferenceExpression.Create($"--pop3port={Endpoint("pop3").Property(EndpointProperty.TargetPort)}"));
                context.Args.Add("--bindaddress=127.0.0.1");
                context.Args.Add("--hostname=localhost");
                context.Args.Add("--nousersettings");
                context.Args.Add($"--baseappdatapath={root}");
                context.Args.Add($"--db={Path.Combine(root, "database.db")}");
                // smtp4dev trims after every message and session by sorting all it keeps (no index, bodies inline), so its
                // CPU per email grows with what it keeps (docs/architecture.md, "Infrastructure: containers or local processes").
                context.Args.Add($"--messagestokeep={retention.MessagesText}");
                context.Args.Add($"--sessionstokeep={retention.SessionsText}");
                context.Args.Add("--tlsmode=None");
            })
            .WithEnvironment("XDG_CONFIG_HOME", root)
            .WithBackgroundPriority()
            .WithUrlForEndpoint(Smtp4devProcessResource.WebEndpointName, url => url.DisplayText = "Mail UI")
            .WithUrlForEndpoint("imap", url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly)
            .WithUrlForEndpoint("pop3", url => url.DisplayLocation = UrlDisplayLocation.DetailsOnly)
            .WithHttpHealthCheck("/", endpointName: Smtp4devProcessResource.WebEndpointName);
    }

    /// <summary>
    /// Runs the tool's own executable rather than "dotnet tool run", which would start it as a child
    /// process that outlives a killed parent. Restores the tool first if this clone has not done so.
    /// </summary>
    private static string LocateTool(string repositoryRoot)
    {
        var manifest = Path.Combine(repositoryRoot, ".config", "dotnet-tools.json");
        using var json = JsonDocument.Parse(File.ReadAllText(manifest));
        var version = json.RootElement.GetProperty("tools").GetProperty(PackageId).GetProperty("version").GetString()!;
        var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var executable = Path.Combine(packages, $"{PackageId}.{rid}", version, "tools", "net10.0", rid, "Rnwood.Smtp4dev");

        if (!File.Exists(executable))
        {
            HostCommand.RunAsync("dotnet", ["tool", "restore"], workingDirectory: repositoryRoot).GetAwaiter().GetResult();
        }

        return File.Exists(executable)
            ? executable
            : throw new DistributedApplicationException($"smtp4dev {version} was not found at {executable} after 'dotnet tool restore'.");
    }
}

namespace AppHost.Infrastructure;

/// <summary>
/// Starts a local process at a lower CPU priority (nice 10): deferred work yields the cores to request serving when both
/// want them, and has them all when requests do not. For the email worker (an order's email can wait in its durable
/// queue; the customer placing an order cannot) and for the mail catcher, which stands in for an SMTP relay that runs
/// elsewhere. Kubernetes weighs pods by their CPU requests in the same way (docs/architecture.md, "Deferred work yields
/// the CPU").
/// </summary>
public static class BackgroundPriority
{
    /// <summary>Linux's weight for nice 10 is about a tenth of the default's (110 against 1024).</summary>
    public const int Niceness = 10;

    private const string Nice = "/usr/bin/nice";

    /// <summary>
    /// Runs the resource's executable through <c>nice</c>, which becomes it (exec: no extra process). Only a process the
    /// AppHost starts from an executable's path: a container's priority is its runtime's, and a project still started
    /// through <c>dotnet run</c> keeps that.
    /// </summary>
    public static IResourceBuilder<T> WithBackgroundPriority<T>(this IResourceBuilder<T> resource) where T : IResourceWithArgs
    {
        if (!resource.ApplicationBuilder.ExecutionContext.IsRunMode || OperatingSystem.IsWindows() || !File.Exists(Nice)
            || resource.Resource.Annotations.OfType<ExecutableAnnotation>().LastOrDefault() is not { } executable
            || !Path.IsPathRooted(executable.Command) || Path.GetFileNameWithoutExtension(executable.Command) == "dotnet")
        {
            return resource;
        }

        var command = executable.Command;
        resource.WithAnnotation(new ExecutableAnnotation { Command = Nice, WorkingDirectory = executable.WorkingDirectory },
            ResourceAnnotationMutationBehavior.Replace);
        return resource.WithArgs(context =>
        {
            // First, whatever other callbacks added: nice's own arguments, then the command they apply to.
            context.Args.Insert(0, "-n");
            context.Args.Insert(1, Niceness.ToString(System.Globalization.CultureInfo.InvariantCulture));
            context.Args.Insert(2, "--");
            context.Args.Insert(3, command);
        });
    }
}

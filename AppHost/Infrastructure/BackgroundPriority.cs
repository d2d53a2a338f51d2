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
    /// <summary>
    /// Runs the resource's executable through <c>nice</c> (<see cref="NiceCommand"/>). Only a process the AppHost starts
    /// from an executable's path: a container's priority is its runtime's, and a project still started through
    /// <c>dotnet run</c> keeps that.
    /// </summary>
    public static IResourceBuilder<T> WithBackgroundPriority<T>(this IResourceBuilder<T> resource) where T : IResourceWithArgs
    {
        if (!resource.ApplicationBuilder.ExecutionContext.IsRunMode || OperatingSystem.IsWindows() || !File.Exists(NiceCommand.Path)
            || resource.Resource.Annotations.OfType<ExecutableAnnotation>().LastOrDefault() is not { } executable
            || !NiceCommand.CanWrap(executable.Command))
        {
            return resource;
        }

        var before = NiceCommand.ArgumentsBefore(executable.Command);
        resource.WithAnnotation(new ExecutableAnnotation { Command = NiceCommand.Path, WorkingDirectory = executable.WorkingDirectory },
            ResourceAnnotationMutationBehavior.Replace);
        // Before whatever the other callbacks added: nice's options, then the program they apply to.
        return resource.WithArgs(context =>
        {
            for (var i = 0; i < before.Count; i++)
            {
                context.Args.Insert(i, before[i]);
            }
        });
    }
}

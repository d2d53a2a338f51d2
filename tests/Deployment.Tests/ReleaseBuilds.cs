namespace Deployment.Tests;

/// <summary>
/// Tests that build the services in Release (the images, the migrate modes) share the projects' obj folders:
/// one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReleaseBuilds
{
    public const string Name = "Release builds of the services";
}

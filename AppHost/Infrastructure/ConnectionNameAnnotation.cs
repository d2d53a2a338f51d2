namespace AppHost.Infrastructure;

/// <summary>
/// The name a connection-string resource takes in the services that reference it, when it is not its own (each
/// service's broker user, messaging-{service}, is "messaging" to its service). Tools that start a service outside the
/// AppHost (the test kit's second instances) read it to give the same settings.
/// </summary>
public sealed record ConnectionNameAnnotation(string Name) : IResourceAnnotation;

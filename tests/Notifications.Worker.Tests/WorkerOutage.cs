namespace Notifications.Worker.Tests;

[CollectionDefinition(nameof(WorkerOutage), DisableParallelization = true)]
public sealed class WorkerOutage;

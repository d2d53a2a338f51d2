namespace Gateway.Tests;

[CollectionDefinition(nameof(ServiceOutage), DisableParallelization = true)]
public sealed class ServiceOutage;

namespace Orders.Service.Tests;

[CollectionDefinition(nameof(Outages), DisableParallelization = true)]
public sealed class Outages;

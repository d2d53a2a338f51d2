namespace EndToEnd.Tests.Faults;

/// <summary>Faults take parts of a system down: these tests run alone, on a system of their own.</summary>
[CollectionDefinition(nameof(FaultInjection), DisableParallelization = true)]
public sealed class FaultInjection;

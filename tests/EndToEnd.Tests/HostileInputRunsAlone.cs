namespace EndToEnd.Tests;

/// <summary>The barrage saturates the machine: it runs alone, so that its load does not time other tests out.</summary>
[CollectionDefinition(nameof(HostileInputRunsAlone), DisableParallelization = true)]
public sealed class HostileInputRunsAlone;

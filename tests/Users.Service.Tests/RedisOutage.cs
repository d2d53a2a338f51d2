namespace Users.Service.Tests;

[CollectionDefinition(nameof(RedisOutage), DisableParallelization = true)]
public sealed class RedisOutage;

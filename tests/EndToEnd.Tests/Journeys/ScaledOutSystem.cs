using Backend.Testing;

namespace EndToEnd.Tests.Journeys;

/// <summary>The whole system with two instances of every .NET service (Aspire replicas behind its proxy).</summary>
public sealed class ScaledOutSystem : BackendFixture, IAsyncLifetime
{
    /// <summary>Instances of each service.</summary>
    public const int Replicas = 2;

    public string ServiceSecret { get; } = SystemUnderTest.NewSecret();

    protected override BackendAppOptions Options => new()
    {
        ExtraArguments = SystemUnderTest.Arguments(ServiceSecret, $"--Services:Replicas={Replicas}"),
        // Ten service processes, started while the other test classes' systems start too, on 2 cores: each replica waits for
        // the one that migrates, and the services for identity, which can take about the default 4 min.
        StartTimeout = TimeSpan.FromMinutes(6),
    };

    public ValueTask InitializeAsync() => StartAsync(TestContext.Current.CancellationToken);
}

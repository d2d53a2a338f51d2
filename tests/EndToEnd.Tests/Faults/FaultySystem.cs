using Backend.Testing;

namespace EndToEnd.Tests.Faults;

/// <summary>The whole system, of its own: every part of it is dealt a fault in turn.</summary>
public sealed class FaultySystem : BackendFixture, IAsyncLifetime
{
    protected override BackendAppOptions Options => new() { ExtraArguments = SystemUnderTest.Arguments(SystemUnderTest.NewSecret()) };

    public ValueTask InitializeAsync() => StartAsync(TestContext.Current.CancellationToken);
}

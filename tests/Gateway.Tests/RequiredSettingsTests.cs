using Backend.Testing;

namespace Gateway.Tests;

/// <summary>The gateway started without a setting it cannot run without refuses to start, and names it.</summary>
public sealed class RequiredSettingsTests(GatewayFixture gateway)
{
    [Theory]
    [InlineData("Identity:Issuer")]
    [InlineData("Identity:Authority")]
    public async Task Without_a_required_setting_the_gateway_refuses_to_start_and_names_it(string key)
    {
        await using var edge = await gateway.NewGatewayAsync(new() { [key] = "" });

        var failure = Record.Exception(() => edge.Server);

        Assert.NotNull(failure);
        Assert.Contains(key, StartFailure.MessagesOf(failure), StringComparison.Ordinal);
    }
}

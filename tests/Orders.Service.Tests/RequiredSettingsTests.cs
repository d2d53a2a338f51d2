using Backend.Testing;

namespace Orders.Service.Tests;

/// <summary>
/// A service started without a setting it cannot run without refuses to start, and says which one: an operator
/// reads the name in the pod's log instead of finding a service that answers errors later.
/// </summary>
public sealed class RequiredSettingsTests(OrdersFixture orders)
{
    [Theory]
    [InlineData("ConnectionStrings:ordersdb")]
    [InlineData("ConnectionStrings:messaging")]
    [InlineData("ConnectionStrings:cache")]
    [InlineData("Identity:Issuer")]
    [InlineData("Identity:Authority")]
    public async Task Without_a_required_setting_the_service_refuses_to_start_and_names_it(string key)
    {
        await using var instance = await orders.SecondInstanceAsync(settings: new Dictionary<string, string?> { [key] = "" });

        var failure = Record.Exception(() => instance.Server);

        Assert.NotNull(failure);
        Assert.Contains(key, StartFailure.MessagesOf(failure), StringComparison.Ordinal);
    }
}

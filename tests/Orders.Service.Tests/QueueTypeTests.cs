using Backend.Testing;

namespace Orders.Service.Tests;

/// <summary>The consumers' queues are quorum queues: a RabbitMQ cluster replicates them, so losing a node loses no event.</summary>
public sealed class QueueTypeTests(OrdersFixture orders)
{
    [Theory]
    [InlineData("order-confirmation-email")] // Notifications.Worker's
    [InlineData("customer-profile")]         // Orders.Service's, fed by Users.Service's events
    public async Task A_consumer_s_queue_is_a_quorum_queue(string queue)
    {
        using var broker = await RabbitMqBroker.OfAsync(orders.App);

        Assert.Equal("quorum", await broker.QueueTypeAsync(queue, cancellationToken: TestContext.Current.CancellationToken));
    }
}

using System.Text.Json;
using Backend.Testing;
using MassTransit;
using ServiceDefaults.Messaging;
using Consumed = Notifications.Worker.Orders;
using ConsumedAccounts = Notifications.Worker.Accounts;
using IdentityAccounts = Identity.Service.AccountEvents;
using IdentityDeletion = Identity.Service.Deletion;
using OrdersCustomers = Orders.Service.Customers;
using OrdersOrders = Orders.Service.Orders;
using UsersAccounts = Users.Service.Accounts;
using UsersUsers = Users.Service.Users;

namespace EndToEnd.Tests;

/// <summary>
/// Services share no contracts assembly: each keeps its own copy of a message, tied to the others by an
/// explicit, versioned URN. These tests put the publisher's copy on a real broker (as the services
/// configure their buses) and read it back as the consumer's copy, member by member.
/// </summary>
public sealed class ContractTests(PlatformFixture platform)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OrderPlaced_from_orders_is_read_whole_by_notifications()
    {
        var placedAt = new DateTimeOffset(2026, 11, 24, 10, 30, 0, TimeSpan.Zero);
        var published = new OrdersOrders.OrderPlaced(Guid.NewGuid(), Guid.NewGuid(), 1042, Guid.NewGuid(), "ada@example.com", "Ada Lovelace",
            [new OrdersOrders.OrderPlacedItem("BOOK-1", "Notes on the Analytical Engine", 2, 19.99m)], 39.98m, "EUR", placedAt,
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        var received = await RoundTripAsync<OrdersOrders.OrderPlaced, Consumed.OrderPlaced>(published);

        Assert.Equal(Json(published), Json(received));
        Assert.Equal(39.98m, received.Total); // decimals travel as strings: no precision lost
    }

    [Fact]
    public async Task Order_lifecycle_events_from_orders_are_read_whole_by_notifications()
    {
        var at = new DateTimeOffset(2026, 11, 26, 14, 5, 0, TimeSpan.Zero);
        const string traceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        var confirmed = new OrdersOrders.OrderConfirmed(Guid.NewGuid(), Guid.NewGuid(), 1043, Guid.NewGuid(), "ada@example.com", "Ada Lovelace", 39.98m, "EUR", at, traceParent);
        var shipped = new OrdersOrders.OrderShipped(Guid.NewGuid(), Guid.NewGuid(), 1044, Guid.NewGuid(), "ada@example.com", "Ada Lovelace", 0.10m, "GBP", at, null);
        var cancelled = new OrdersOrders.OrderCancelled(Guid.NewGuid(), Guid.NewGuid(), 1045, Guid.NewGuid(), "ada@example.com", "Ada Lovelace", 1234.5m, "USD", at, traceParent);

        Assert.Equal(Json(confirmed), Json(await RoundTripAsync<OrdersOrders.OrderConfirmed, Consumed.OrderConfirmed>(confirmed)));
        Assert.Equal(Json(shipped), Json(await RoundTripAsync<OrdersOrders.OrderShipped, Consumed.OrderShipped>(shipped)));
        Assert.Equal(Json(cancelled), Json(await RoundTripAsync<OrdersOrders.OrderCancelled, Consumed.OrderCancelled>(cancelled)));
    }

    [Fact]
    public async Task User_events_from_users_are_read_whole_by_orders()
    {
        var at = DateTimeOffset.UtcNow;
        var created = new UsersUsers.UserCreated(Guid.NewGuid(), "grace@example.com", "Grace Hopper", at);
        var updated = new UsersUsers.UserUpdated(Guid.NewGuid(), "grace@example.com", "Grace B. Hopper", at);
        var deleted = new UsersUsers.UserDeleted(Guid.NewGuid(), at);

        Assert.Equal(Json(created), Json(await RoundTripAsync<UsersUsers.UserCreated, OrdersCustomers.UserCreated>(created)));
        Assert.Equal(Json(updated), Json(await RoundTripAsync<UsersUsers.UserUpdated, OrdersCustomers.UserUpdated>(updated)));
        Assert.Equal(Json(deleted), Json(await RoundTripAsync<UsersUsers.UserDeleted, OrdersCustomers.UserDeleted>(deleted)));
    }

    [Fact]
    public async Task Account_events_from_identity_are_read_whole_by_notifications()
    {
        var at = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
        const string traceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        var verify = new IdentityAccounts.EmailVerificationRequested(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "ada@example.com", "Ada Lovelace",
            "https://shop.example/account/verify-email?link=1&token=a", at.AddDays(1), at, traceParent);
        var reset = new IdentityAccounts.PasswordResetRequested(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "ada@example.com", "Ada Lovelace",
            "https://shop.example/account/reset-password?link=2&token=b", at.AddMinutes(30), at, null);
        var attempt = new IdentityAccounts.RegistrationAttempted(Guid.NewGuid(), Guid.NewGuid(), "ada@example.com", "Ada Lovelace",
            "https://shop.example/account/login", "https://shop.example/account/forgot-password", at, traceParent);

        Assert.Equal(Json(verify), Json(await RoundTripAsync<IdentityAccounts.EmailVerificationRequested, ConsumedAccounts.EmailVerificationRequested>(verify)));
        Assert.Equal(Json(reset), Json(await RoundTripAsync<IdentityAccounts.PasswordResetRequested, ConsumedAccounts.PasswordResetRequested>(reset)));
        Assert.Equal(Json(attempt), Json(await RoundTripAsync<IdentityAccounts.RegistrationAttempted, ConsumedAccounts.RegistrationAttempted>(attempt)));
    }

    [Fact]
    public async Task Account_changes_from_identity_are_read_whole_by_users_and_notifications()
    {
        var at = new DateTimeOffset(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
        var changed = new IdentityAccounts.AccountEmailChanged(Guid.NewGuid(), Guid.NewGuid(), "ada@new.example", "ada@example.com", "Ada Lovelace",
            "https://shop.example/account/login", at, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        var deleted = new IdentityAccounts.AccountDeleted(Guid.NewGuid(), Guid.NewGuid(), at, null);

        Assert.Equal(Json(changed), Json(await RoundTripAsync<IdentityAccounts.AccountEmailChanged, UsersAccounts.AccountEmailChanged>(changed)));
        Assert.Equal(Json(changed), Json(await RoundTripAsync<IdentityAccounts.AccountEmailChanged, ConsumedAccounts.AccountEmailChanged>(changed)));
        Assert.Equal(Json(deleted), Json(await RoundTripAsync<IdentityAccounts.AccountDeleted, UsersAccounts.AccountDeleted>(deleted)));
    }

    [Fact]
    public async Task A_deleted_profile_from_users_is_read_whole_by_identity()
    {
        var deleted = new UsersUsers.UserDeleted(Guid.NewGuid(), DateTimeOffset.UtcNow);

        Assert.Equal(Json(deleted), Json(await RoundTripAsync<UsersUsers.UserDeleted, IdentityDeletion.UserDeleted>(deleted)));
    }

    [Fact]
    public void Each_pair_of_copies_has_one_explicit_versioned_urn()
    {
        Assert.Equal("urn:message:backend:identity:account-email-changed:v1", MessageUrn.ForTypeString<IdentityAccounts.AccountEmailChanged>());
        Assert.Equal("urn:message:backend:identity:account-deleted:v1", MessageUrn.ForTypeString<IdentityAccounts.AccountDeleted>());
        Assert.Equal(MessageUrn.ForTypeString<IdentityAccounts.AccountEmailChanged>(), MessageUrn.ForTypeString<UsersAccounts.AccountEmailChanged>());
        Assert.Equal(MessageUrn.ForTypeString<IdentityAccounts.AccountEmailChanged>(), MessageUrn.ForTypeString<ConsumedAccounts.AccountEmailChanged>());
        Assert.Equal(MessageUrn.ForTypeString<IdentityAccounts.AccountDeleted>(), MessageUrn.ForTypeString<UsersAccounts.AccountDeleted>());
        Assert.Equal(MessageUrn.ForTypeString<UsersUsers.UserDeleted>(), MessageUrn.ForTypeString<IdentityDeletion.UserDeleted>());
        Assert.Equal("urn:message:backend:identity:email-verification-requested:v1", MessageUrn.ForTypeString<IdentityAccounts.EmailVerificationRequested>());
        Assert.Equal("urn:message:backend:identity:password-reset-requested:v1", MessageUrn.ForTypeString<IdentityAccounts.PasswordResetRequested>());
        Assert.Equal("urn:message:backend:identity:registration-attempted:v1", MessageUrn.ForTypeString<IdentityAccounts.RegistrationAttempted>());
        Assert.Equal(MessageUrn.ForTypeString<IdentityAccounts.EmailVerificationRequested>(), MessageUrn.ForTypeString<ConsumedAccounts.EmailVerificationRequested>());
        Assert.Equal(MessageUrn.ForTypeString<IdentityAccounts.PasswordResetRequested>(), MessageUrn.ForTypeString<ConsumedAccounts.PasswordResetRequested>());
        Assert.Equal(MessageUrn.ForTypeString<IdentityAccounts.RegistrationAttempted>(), MessageUrn.ForTypeString<ConsumedAccounts.RegistrationAttempted>());
        Assert.Equal("urn:message:backend:orders:order-placed:v1", MessageUrn.ForTypeString<OrdersOrders.OrderPlaced>());
        Assert.Equal(MessageUrn.ForTypeString<OrdersOrders.OrderPlaced>(), MessageUrn.ForTypeString<Consumed.OrderPlaced>());
        Assert.Equal("urn:message:backend:orders:order-confirmed:v1", MessageUrn.ForTypeString<OrdersOrders.OrderConfirmed>());
        Assert.Equal("urn:message:backend:orders:order-shipped:v1", MessageUrn.ForTypeString<OrdersOrders.OrderShipped>());
        Assert.Equal("urn:message:backend:orders:order-cancelled:v1", MessageUrn.ForTypeString<OrdersOrders.OrderCancelled>());
        Assert.Equal(MessageUrn.ForTypeString<OrdersOrders.OrderConfirmed>(), MessageUrn.ForTypeString<Consumed.OrderConfirmed>());
        Assert.Equal(MessageUrn.ForTypeString<OrdersOrders.OrderShipped>(), MessageUrn.ForTypeString<Consumed.OrderShipped>());
        Assert.Equal(MessageUrn.ForTypeString<OrdersOrders.OrderCancelled>(), MessageUrn.ForTypeString<Consumed.OrderCancelled>());
        Assert.Equal(MessageUrn.ForTypeString<UsersUsers.UserCreated>(), MessageUrn.ForTypeString<OrdersCustomers.UserCreated>());
        Assert.Equal(MessageUrn.ForTypeString<UsersUsers.UserUpdated>(), MessageUrn.ForTypeString<OrdersCustomers.UserUpdated>());
        Assert.Equal(MessageUrn.ForTypeString<UsersUsers.UserDeleted>(), MessageUrn.ForTypeString<OrdersCustomers.UserDeleted>());
    }

    /// <summary>Publishes <typeparamref name="TPublished"/> and consumes it as <typeparamref name="TConsumed"/>, in a virtual host of the test's own.</summary>
    private async Task<TConsumed> RoundTripAsync<TPublished, TConsumed>(TPublished message) where TPublished : class where TConsumed : class
    {
        using var broker = await RabbitMqBroker.OfAsync(platform.App);
        var virtualHost = await broker.CreateVirtualHostAsync($"contract-{Guid.NewGuid():N}", Ct);
        var received = new TaskCompletionSource<TConsumed>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.UseBroker(new Uri(virtualHost));
            rabbit.MessageTopology.SetEntityNameFormatter(new UrnEntityNameFormatter());
            rabbit.ReceiveEndpoint("contract-consumer", endpoint => endpoint.Handler<TConsumed>(context =>
            {
                received.TrySetResult(context.Message);
                return Task.CompletedTask;
            }));
        });
        await bus.StartAsync(Ct);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(20));
            await bus.Publish(message, timeout.Token);
            return await received.Task.WaitAsync(timeout.Token);
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    private static string Json(object value) => JsonSerializer.Serialize(value, value.GetType());
}

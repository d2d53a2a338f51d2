using System.Text.RegularExpressions;
using AppHost.Infrastructure;
using MassTransit;
using IdentityEvents = Identity.Service.AccountEvents;
using WorkerSide = Notifications.Worker;
using OrdersSide = Orders.Service;
using UsersSide = Users.Service;

namespace EndToEnd.Tests;

/// <summary>
/// The broker users' permissions (AppHost/Infrastructure/BrokerPermissions.cs) against the names the services' code
/// really uses: the URNs of their contracts and their queue names. No broker: a fast check that a renamed queue or a new
/// event is not silently refused at start, and that no service may publish another's events.
/// </summary>
public sealed class BrokerPermissionTests
{
    private static string Exchange<T>() => MessageUrn.ForTypeString<T>()["urn:message:".Length..];

    private static bool Allows(string pattern, string name) => Regex.IsMatch(name, pattern);

    [Fact]
    public void Each_service_may_publish_its_own_events_and_read_what_it_consumes()
    {
        var identity = BrokerPermissions.OfServices["identity"];
        var users = BrokerPermissions.OfServices["users"];
        var orders = BrokerPermissions.OfServices["orders"];
        var worker = BrokerPermissions.OfServices["notifications"];

        Assert.True(Allows(identity.Write, Exchange<IdentityEvents.AccountEmailChanged>()));
        Assert.True(Allows(identity.Read, Exchange<Identity.Service.Deletion.UserDeleted>()));
        Assert.True(Allows(users.Write, Exchange<UsersSide.Users.UserUpdated>()));
        Assert.True(Allows(users.Read, Exchange<UsersSide.Accounts.AccountDeleted>()));
        Assert.True(Allows(users.Read, Exchange<UsersSide.Accounts.AccountEmailChanged>()));
        Assert.True(Allows(orders.Write, Exchange<OrdersSide.Orders.OrderPlaced>()));
        Assert.True(Allows(orders.Read, Exchange<OrdersSide.Customers.UserUpdated>()));
        Assert.True(Allows(worker.Read, Exchange<WorkerSide.Orders.OrderShipped>()));
        Assert.True(Allows(worker.Read, Exchange<WorkerSide.Accounts.AccountEmailChanged>()));
        foreach (var queue in new[] { WorkerSide.OrderEmails.OrderEmailConsumerDefinition.QueueName, WorkerSide.AccountEmails.AccountEmailConsumerDefinition.QueueName })
        {
            Assert.True(Allows(worker.Read, queue) && Allows(worker.Read, queue + "_error") && Allows(worker.Configure, queue), queue);
        }
    }

    [Fact]
    public void No_service_may_publish_another_s_events_or_read_another_s_queue()
    {
        var orderPlaced = Exchange<OrdersSide.Orders.OrderPlaced>();
        var verification = Exchange<IdentityEvents.EmailVerificationRequested>();

        Assert.False(Allows(BrokerPermissions.OfServices["users"].Write, orderPlaced));
        Assert.False(Allows(BrokerPermissions.OfServices["users"].Write, verification));
        Assert.False(Allows(BrokerPermissions.OfServices["notifications"].Write, orderPlaced));
        Assert.False(Allows(BrokerPermissions.OfServices["orders"].Write, verification));
        Assert.False(Allows(BrokerPermissions.OfServices["users"].Read, WorkerSide.OrderEmails.OrderEmailConsumerDefinition.QueueName));
        Assert.False(Allows(BrokerPermissions.OfServices["orders"].Read, WorkerSide.AccountEmails.AccountEmailConsumerDefinition.QueueName));
    }
}

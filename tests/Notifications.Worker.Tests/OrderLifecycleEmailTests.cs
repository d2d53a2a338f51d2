using System.Text.Json;
using Backend.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Notifications.Worker.ErrorQueues;
using Notifications.Worker.Telemetry;
using Notifications.Worker.Tests.Support;
using Npgsql;

namespace Notifications.Worker.Tests;

/// <summary>One email per order and step (placed, confirmed, shipped, cancelled), each once, worded for its step; and the error queue's replay.</summary>
public sealed class OrderLifecycleEmailTests(NotificationsFixture fixture)
{
    private static readonly TimeSpan EmailTimeout = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 90_000)]
    public async Task Each_step_of_an_order_sends_its_own_email_worded_for_that_step()
    {
        var shipped = TestOrders.New();
        var cancelled = TestOrders.New();

        await fixture.Publisher.PublishAsync(shipped, Ct);
        await fixture.Publisher.PublishEventAsync(TestOrders.Confirmed(shipped), Guid.CreateVersion7(), Ct);
        await fixture.Publisher.PublishEventAsync(TestOrders.Shipped(shipped), Guid.CreateVersion7(), Ct);
        await fixture.Publisher.PublishAsync(cancelled, Ct);
        await fixture.Publisher.PublishEventAsync(TestOrders.Cancelled(cancelled), Guid.CreateVersion7(), Ct);

        var emails = (await fixture.Mailbox.WaitForEmailsAsync(shipped.CustomerEmail, 3, EmailTimeout, Ct)).ToDictionary(e => e.Subject ?? "");
        var n = shipped.OrderNumber;
        Assert.Equal([$"We received your order #{n}", $"Your order #{n} has shipped", $"Your order #{n} is confirmed"], emails.Keys.Order());

        var confirmed = emails[$"Your order #{n} is confirmed"];
        Assert.Equal($"order-confirmed.{shipped.OrderId:N}@shop.example", confirmed.MessageId);
        Assert.Contains($"Your order #{n} is confirmed.", confirmed.TextBody);
        Assert.Contains("Confirmed on: Thursday 26 November 2026, 14:05 UTC", confirmed.TextBody);
        Assert.Contains("Total: 32.25 EUR", confirmed.TextBody);
        Assert.Contains("We will email you again when it ships.", confirmed.TextBody);
        Assert.Contains("<strong>32.25 EUR</strong>", confirmed.HtmlBody);

        var shippedEmail = emails[$"Your order #{n} has shipped"];
        Assert.Equal($"order-shipped.{shipped.OrderId:N}@shop.example", shippedEmail.MessageId);
        Assert.Contains($"Your order #{n} has shipped.", shippedEmail.TextBody);
        Assert.Contains("Shipped on:   Thursday 26 November 2026, 14:05 UTC", shippedEmail.TextBody);
        Assert.Equal($"order-confirmation.{shipped.OrderId:N}@shop.example", emails[$"We received your order #{n}"].MessageId);

        var toCancelled = await fixture.Mailbox.WaitForEmailsAsync(cancelled.CustomerEmail, 2, EmailTimeout, Ct);
        var cancellation = Assert.Single(toCancelled, e => e.Subject == $"Your order #{cancelled.OrderNumber} was cancelled");
        Assert.Equal($"order-cancelled.{cancelled.OrderId:N}@shop.example", cancellation.MessageId);
        Assert.Contains($"Your order #{cancelled.OrderNumber} was cancelled.", cancellation.TextBody);
        Assert.Contains("Cancelled on: Thursday 26 November 2026, 14:05 UTC", cancellation.TextBody);
    }

    [Fact(Timeout = 120_000)]
    public async Task Each_event_sends_its_email_once_and_a_duplicate_of_it_sends_nothing()
    {
        await using var smtp = new TestSmtpServer();
        smtp.Start();
        await using var worker = await IsolatedWorker.StartAsync(fixture, smtp, Ct);
        // The worker does not police the order's state machine (Orders.Service does): one order can take all four.
        var order = TestOrders.New();
        var confirmed = TestOrders.Confirmed(order);
        var shipped = TestOrders.Shipped(order);
        var cancelled = TestOrders.Cancelled(order);

        async Task SendTwiceAsync<TEvent>(TEvent message, Guid eventId, string emailType, string subject) where TEvent : class
        {
            await worker.Publisher.PublishEventAsync(message, eventId, Ct);
            await Eventually.TrueAsync(() => Subjects(smtp, order.CustomerEmail).Contains(subject), EmailTimeout, "the email arrives", ct: Ct);
            // The same delivery again (a redelivery), and the same step under a new event id (a publisher's retry):
            // once the worker has counted both as duplicates, they have been handled.
            await worker.Publisher.PublishEventAsync(message, eventId, Ct);
            await worker.Publisher.PublishEventAsync(message, Guid.CreateVersion7(), Ct);
            await Eventually.TrueAsync(() => worker.Metrics.Total(NotificationsMetrics.DuplicatesName, "email.type", emailType) == 2, EmailTimeout, "the worker handles the duplicate", ct: Ct);
            Assert.Single(Subjects(smtp, order.CustomerEmail), s => s == subject);
        }

        await SendTwiceAsync(order, order.EventId, "order_placed", $"We received your order #{order.OrderNumber}");
        await SendTwiceAsync(confirmed, confirmed.EventId, "order_confirmed", $"Your order #{order.OrderNumber} is confirmed");
        await SendTwiceAsync(shipped, shipped.EventId, "order_shipped", $"Your order #{order.OrderNumber} has shipped");
        await SendTwiceAsync(cancelled, cancelled.EventId, "order_cancelled", $"Your order #{order.OrderNumber} was cancelled");

        Assert.Equal(4, smtp.AcceptedFor(order.CustomerEmail).Count());
        Assert.Equal(4, smtp.AcceptedFor(order.CustomerEmail).Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(4, worker.Metrics.Total(NotificationsMetrics.SentName));
        // The ledger: one row per order and kind, each naming the event that got its email out.
        Assert.Equal(["Cancelled", "Confirmed", "Placed", "Shipped"], await LedgerKindsAsync(order.OrderId));
    }

    [Fact(Timeout = 120_000)]
    public async Task Replaying_the_error_queue_sends_what_had_failed_and_nothing_already_sent()
    {
        var refusing = true;
        await using var smtp = new TestSmtpServer { RejectsRecipient = recipient => refusing && recipient.StartsWith("refused-", StringComparison.Ordinal) };
        smtp.Start();
        await using var worker = await IsolatedWorker.StartAsync(fixture, smtp, Ct);
        var refused = TestOrders.New("refused");
        var delivered = TestOrders.New();
        var refusedConfirmation = TestOrders.Confirmed(refused);
        var deliveredShipment = TestOrders.Shipped(delivered);

        // A permanent refusal (550) sends the confirmation to the error queue; the shipment goes out.
        await worker.Publisher.PublishEventAsync(refusedConfirmation, refusedConfirmation.EventId, Ct);
        await worker.Publisher.PublishEventAsync(deliveredShipment, deliveredShipment.EventId, Ct);
        await fixture.Broker.WaitForMessageAsync(WorkerQueues.ErrorQueue,
            m => m.Body.Contains(refused.OrderId.ToString(), StringComparison.Ordinal), EmailTimeout, worker.VirtualHost, Ct);
        await Eventually.TrueAsync(() => smtp.AcceptedFor(delivered.CustomerEmail).Any(), EmailTimeout, "the email arrives", ct: Ct);
        // And a delivery of the shipment that ended in the error queue although its email had gone out.
        await fixture.Broker.SendRawToQueueAsync(WorkerQueues.ErrorQueue, Envelope(deliveredShipment, "backend:orders:order-shipped:v1"),
            "application/vnd.masstransit+json", worker.VirtualHost, Ct);

        // The cause is fixed; the operator replays (README, "Replaying the error queue").
        refusing = false;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:messaging"] = fixture.Broker.ConnectionString(worker.VirtualHost) })
            .Build();
        Assert.True(ReplayErrorsCommand.Matches(["replay-errors"]));
        Assert.Equal(0, await ReplayErrorsCommand.RunAsync(configuration, ["replay-errors"], NullLogger.Instance, Ct));

        await Eventually.TrueAsync(() => smtp.AcceptedFor(refused.CustomerEmail).Any(), EmailTimeout, "the email arrives", ct: Ct);
        await Eventually.TrueAsync(() => worker.Metrics.Total(NotificationsMetrics.DuplicatesName, "email.type", "order_shipped") == 1, EmailTimeout, "the worker handles the duplicate", ct: Ct);
        Assert.Equal($"Your order #{refused.OrderNumber} is confirmed", Assert.Single(smtp.AcceptedFor(refused.CustomerEmail)).Subject);
        Assert.Single(smtp.AcceptedFor(delivered.CustomerEmail));
        Assert.Equal(0u, await ErrorQueueMessagesAsync(worker.VirtualHost));
    }

    private static List<string> Subjects(TestSmtpServer smtp, string recipient) => [.. smtp.AcceptedFor(recipient).Select(m => m.Subject ?? "")];

    private static string Envelope(object message, string urn) => JsonSerializer.Serialize(new
    {
        messageId = Guid.NewGuid(),
        messageType = new[] { "urn:message:" + urn },
        message,
        headers = new Dictionary<string, object>(),
    }, JsonSerializerOptions.Web);

    private async Task<uint> ErrorQueueMessagesAsync(string virtualHost)
    {
        var factory = new RabbitMQ.Client.ConnectionFactory { Uri = new Uri(fixture.Broker.ConnectionString(virtualHost)) };
        await using var connection = await factory.CreateConnectionAsync(Ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: Ct);
        return (await channel.QueueDeclarePassiveAsync(WorkerQueues.ErrorQueue, Ct)).MessageCount;
    }

    private async Task<List<string>> LedgerKindsAsync(Guid orderId)
    {
        await using var data = NpgsqlDataSource.Create(fixture.NotificationsDb);
        await using var query = data.CreateCommand("SELECT kind FROM sent_order_confirmations WHERE order_id = $1 ORDER BY kind");
        query.Parameters.Add(new NpgsqlParameter { Value = orderId });
        await using var reader = await query.ExecuteReaderAsync(Ct);
        var kinds = new List<string>();
        while (await reader.ReadAsync(Ct))
        {
            kinds.Add(reader.GetString(0));
        }

        return kinds;
    }
}

using System.Diagnostics;
using System.Text.Json;
using Backend.Testing;
using MimeKit;
using Notifications.Worker.OrderEmails;
using Notifications.Worker.Tests.Support;
using ServiceDefaults.Telemetry;

namespace Notifications.Worker.Tests;

/// <summary>The worker as the AppHost runs it, sending to smtp4dev: what the customer receives.</summary>
public sealed class OrderConfirmationEmailTests(NotificationsFixture fixture)
{
    private static readonly TimeSpan EmailTimeout = TimeSpan.FromSeconds(30);

    // MassTransit leaves MT-Fault-RetryCount out when there was no retry.
    private static readonly string[] NotRetried = ["", "0"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 60_000)]
    public async Task An_order_placed_sends_the_customer_a_confirmation_with_the_order_in_text_and_html()
    {
        var order = TestOrders.New();

        var traceId = await fixture.Publisher.PublishAsync(order, Ct);
        var email = Assert.Single(await fixture.Mailbox.WaitForEmailsAsync(order.CustomerEmail, 1, EmailTimeout, Ct));

        var to = Assert.Single(email.To.Mailboxes);
        Assert.Equal((order.CustomerEmail, "Ada Lovelace"), (to.Address, to.Name));
        var from = Assert.Single(email.From.Mailboxes);
        Assert.Equal(("orders@shop.example", "Backend Shop"), (from.Address, from.Name));
        // Received, not confirmed: the order is still pending (its confirmation is an email of its own).
        Assert.Equal($"We received your order #{order.OrderNumber}", email.Subject);
        Assert.Equal($"order-confirmation.{order.OrderId:N}@shop.example", email.MessageId);

        // One trace from the publisher to the SMTP server: the email names the trace the order was placed in.
        Assert.Equal(traceId, email.Headers[TraceHeaders.TraceId]);
        Assert.Matches("^[0-9a-f]{32}$", traceId);

        var alternatives = Assert.IsType<MultipartAlternative>(email.Body);
        Assert.Equal(["text/plain", "text/html"], alternatives.Select(part => part.ContentType.MimeType));

        var text = email.TextBody;
        Assert.Contains($"Order number: {order.OrderNumber}", text);
        Assert.Contains("Placed on:    Wednesday 25 November 2026, 09:30 UTC", text);
        Assert.Contains("2 x Blue mug (MUG-BLUE) at 12.50 EUR = 25.00 EUR", text);
        Assert.Contains("1 x Earl Grey <loose leaf> (TEA-EARL) at 7.25 EUR = 7.25 EUR", text);
        Assert.Contains("Total: 32.25 EUR", text);
        Assert.Contains("We will email you again as soon as we confirm it.", text);
        Assert.DoesNotContain("is confirmed", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("ships", text, StringComparison.OrdinalIgnoreCase);

        var html = email.HtmlBody;
        Assert.Contains($"<strong>{order.OrderNumber}</strong>", html);
        Assert.Contains("Wednesday 25 November 2026, 09:30 UTC", html);
        Assert.Contains("<td>Blue mug <small>(MUG-BLUE)</small></td><td align=\"right\">2</td><td align=\"right\">12.50 EUR</td><td align=\"right\">25.00 EUR</td>", html);
        Assert.Contains("Earl Grey &lt;loose leaf&gt;", html); // item names are text, never markup
        Assert.Contains("<th align=\"right\">32.25 EUR</th>", html);
    }

    [Fact(Timeout = 60_000)]
    public async Task Without_trace_headers_the_email_still_names_the_trace_recorded_with_the_order()
    {
        // A publisher that propagates no trace context (no MT-Activity-Id): the event's own traceParent, written
        // with the order in the request that placed it, is the trace the email must name.
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var order = TestOrders.New() with { TraceParent = $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01" };
        var envelope = JsonSerializer.Serialize(new
        {
            messageId = order.EventId,
            messageType = new[] { "urn:message:" + WorkerQueues.OrderPlacedExchange },
            message = order,
            headers = new Dictionary<string, object>(),
        }, JsonSerializerOptions.Web);

        await fixture.Broker.PublishRawAsync(WorkerQueues.OrderPlacedExchange, envelope, "application/vnd.masstransit+json", cancellationToken: Ct);
        var email = Assert.Single(await fixture.Mailbox.WaitForEmailsAsync(order.CustomerEmail, 1, EmailTimeout, Ct));

        Assert.Equal(traceId, email.Headers[TraceHeaders.TraceId]);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_same_order_placed_delivered_twice_sends_one_email()
    {
        var order = TestOrders.New();

        // Two deliveries at once (they race in the worker), then, once the email is out, a redelivery and a second
        // event for the same order (a publisher retrying after a lost confirm).
        await Task.WhenAll(fixture.Publisher.PublishAsync(order, Ct), fixture.Publisher.PublishAsync(order, Ct));
        await fixture.Mailbox.WaitForEmailsAsync(order.CustomerEmail, 1, EmailTimeout, Ct);
        await fixture.Publisher.PublishAsync(order, Ct);
        await fixture.Publisher.PublishAsync(order with { EventId = Guid.CreateVersion7() }, Ct);

        // Four deliveries: one sent the email, and the worker logs each of the other three as skipped. Once it has, every
        // delivery is handled and what the mailbox holds is final.
        await Eventually.TrueAsync(() => WorkerLog.Skipped(fixture.App, order.OrderNumber) >= 3, EmailTimeout,
            $"the worker skipped the three later deliveries of order {order.OrderNumber}", ct: Ct);

        var email = Assert.Single(await fixture.Mailbox.EmailsToAsync(order.CustomerEmail, Ct));
        Assert.Equal($"order-confirmation.{order.OrderId:N}@shop.example", email.MessageId);
    }

    [Fact(Timeout = 60_000)]
    public async Task An_order_whose_customer_deleted_their_account_is_handled_without_an_email_and_not_as_an_error()
    {
        var erased = TestOrders.New() with { CustomerEmail = "" };

        await fixture.Publisher.PublishAsync(erased, Ct);

        await Eventually.TrueAsync(() => WorkerLog.Unaddressed(fixture.App, erased.OrderId) >= 1, EmailTimeout, "the worker handles the event", ct: Ct);
        Assert.Equal(0, WorkerLog.Sent(fixture.App, erased.OrderNumber));
        Assert.DoesNotContain(fixture.App.LogLines(WorkerLog.Resource), line => line.Contains(erased.OrderId.ToString(), StringComparison.Ordinal)
            && line.Contains("Gave up", StringComparison.Ordinal));
    }

    [Fact(Timeout = 60_000)]
    public async Task Malformed_messages_go_to_the_error_queue_with_the_reason_and_the_worker_keeps_consuming()
    {
        var marker = Guid.NewGuid().ToString("N");
        var notJson = $"{{ \"message\": this is not JSON {marker}";
        var noAddress = TestOrders.New() with { CustomerEmail = $"nobody-{marker}" };
        var good = TestOrders.New();

        await fixture.Broker.PublishRawAsync(WorkerQueues.OrderPlacedExchange, notJson, "application/vnd.masstransit+json", cancellationToken: Ct);
        await fixture.Publisher.PublishAsync(noAddress, Ct);
        await fixture.Publisher.PublishAsync(good, Ct);

        await fixture.Mailbox.WaitForEmailsAsync(good.CustomerEmail, 1, EmailTimeout, Ct);

        var unreadable = await fixture.Broker.WaitForMessageAsync(WorkerQueues.ErrorQueue, m => m.Body == notJson, EmailTimeout, cancellationToken: Ct);
        Assert.Contains("Json", unreadable.Header("MT-Fault-ExceptionType"), StringComparison.Ordinal); // the reason: not JSON

        var invalid = await fixture.Broker.WaitForMessageAsync(WorkerQueues.ErrorQueue,
            m => m.Body.Contains(noAddress.OrderId.ToString(), StringComparison.Ordinal), EmailTimeout, cancellationToken: Ct);
        Assert.Equal(typeof(InvalidOrderEventException).FullName, invalid.Header("MT-Fault-ExceptionType"));
        Assert.Contains("customerEmail is not an email address", invalid.Header("MT-Fault-Message"), StringComparison.Ordinal);
        Assert.Contains(invalid.Header("MT-Fault-RetryCount"), NotRetried); // permanent: not retried
        Assert.Equal("quorum", await fixture.Broker.QueueTypeAsync(WorkerQueues.ErrorQueue, cancellationToken: Ct)); // replicated like its queue
    }
}

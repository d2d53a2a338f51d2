using Backend.Testing;
using Notifications.Worker.Email;
using Notifications.Worker.Telemetry;
using Notifications.Worker.Tests.Support;

namespace Notifications.Worker.Tests;

/// <summary>A worker sending to an SMTP server that misbehaves on purpose (see <see cref="TestSmtpServer"/>).</summary>
public sealed class SmtpFailureTests(NotificationsFixture fixture)
{
    // MassTransit leaves MT-Fault-RetryCount out when there was no retry.
    private static readonly string[] NotRetried = ["", "0"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 90_000)]
    public async Task A_permanent_rejection_goes_to_the_error_queue_with_the_reason_and_is_not_retried()
    {
        await using var smtp = new TestSmtpServer { RejectsRecipient = recipient => recipient.StartsWith("unknown-", StringComparison.Ordinal) };
        smtp.Start();
        await using var worker = await IsolatedWorker.StartAsync(fixture, smtp, Ct);
        var rejected = TestOrders.New("unknown");
        var accepted = TestOrders.New();

        await worker.Publisher.PublishAsync(rejected, Ct);
        await worker.Publisher.PublishAsync(accepted, Ct);

        var dead = await fixture.Broker.WaitForMessageAsync(WorkerQueues.ErrorQueue,
            m => m.Body.Contains(rejected.OrderId.ToString(), StringComparison.Ordinal), TimeSpan.FromSeconds(30), worker.VirtualHost, Ct);
        Assert.Equal("MailKit.Net.Smtp.SmtpCommandException", dead.Header("MT-Fault-ExceptionType"));
        Assert.Contains("mailbox unavailable", dead.Header("MT-Fault-Message"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains(dead.Header("MT-Fault-RetryCount"), NotRetried);

        // In the error queue, the rejected message is done with (a retry happens before a message is dead-lettered, never
        // after); the accepted one is done once its email is recorded as sent.
        await Eventually.TrueAsync(() => worker.Metrics.Total(NotificationsMetrics.SentName) == 1, TimeSpan.FromSeconds(30),
            "the accepted order's email was sent and recorded", ct: Ct);
        Assert.Single(smtp.AttemptsFor(rejected.CustomerEmail));
        Assert.Single(smtp.AcceptedFor(accepted.CustomerEmail)); // the queue kept moving
        Assert.Equal(1, worker.Metrics.Total(NotificationsMetrics.FailedName, "failure", "permanent"));
        Assert.Equal(0, worker.Metrics.Total(NotificationsMetrics.RetriedName));
        Assert.Equal(1, worker.Metrics.Total(NotificationsMetrics.SentName));
    }

    [Fact(Timeout = 90_000)]
    public async Task Temporary_failures_are_retried_with_growing_back_off_and_the_email_is_delivered_once()
    {
        await using var smtp = new TestSmtpServer { FailsDelivery = (_, attemptsBefore) => attemptsBefore < 2 };
        smtp.Start();
        await using var worker = await IsolatedWorker.StartAsync(fixture, smtp, Ct);
        var order = TestOrders.New();

        await worker.Publisher.PublishAsync(order, Ct);
        // Recorded as sent: the message is handled, and no later delivery of it could send again.
        await Eventually.TrueAsync(() => worker.Metrics.Total(NotificationsMetrics.SentName) == 1, TimeSpan.FromSeconds(45),
            "the email was delivered and recorded as sent", ct: Ct);

        Assert.Single(smtp.AcceptedFor(order.CustomerEmail));
        var deliveries = smtp.AttemptsFor(order.CustomerEmail).Where(a => a.Stage == "DATA").ToList();
        Assert.Equal([451, 451, 250], deliveries.Select(a => a.ReplyCode));
        // Back-off, not a tight loop: the first retry waits about 3 s, the second about 5 s (randomised).
        Assert.All(deliveries.Zip(deliveries.Skip(1), (before, after) => after.At - before.At),
            gap => Assert.InRange(gap, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(15)));
        Assert.Equal(2, worker.Metrics.Total(NotificationsMetrics.RetriedName));
        Assert.Equal(1, worker.Metrics.Total(NotificationsMetrics.SentName));
        Assert.Equal(0, worker.Metrics.Total(NotificationsMetrics.FailedName));
    }

    [Fact(Timeout = 90_000)]
    public async Task When_retries_are_exhausted_the_message_goes_to_the_error_queue_and_is_counted_as_failed()
    {
        // A server that never recovers, and a worker configured (OrderConfirmations:RetryLimit) to give up after two
        // retries rather than the default eight (about four minutes).
        await using var smtp = new TestSmtpServer { FailsDelivery = (_, _) => true };
        smtp.Start();
        await using var worker = await IsolatedWorker.StartAsync(fixture, smtp, Ct,
            settings: new Dictionary<string, string> { ["OrderConfirmations:RetryLimit"] = "2" });
        var order = TestOrders.New();

        await worker.Publisher.PublishAsync(order, Ct);

        var dead = await fixture.Broker.WaitForMessageAsync(WorkerQueues.ErrorQueue,
            m => m.Body.Contains(order.OrderId.ToString(), StringComparison.Ordinal), TimeSpan.FromSeconds(45), worker.VirtualHost, Ct);
        Assert.Equal("MailKit.Net.Smtp.SmtpCommandException", dead.Header("MT-Fault-ExceptionType"));
        Assert.Contains("try again later", dead.Header("MT-Fault-Message"), StringComparison.Ordinal);
        Assert.Equal("2", dead.Header("MT-Fault-RetryCount"));
        Assert.Equal([451, 451, 451], smtp.AttemptsFor(order.CustomerEmail).Where(a => a.Stage == "DATA").Select(a => a.ReplyCode));
        Assert.Equal(2, worker.Metrics.Total(NotificationsMetrics.RetriedName));
        Assert.Equal(1, worker.Metrics.Total(NotificationsMetrics.FailedName, "failure", "retries_exhausted"));
        Assert.Empty(smtp.AcceptedFor(order.CustomerEmail));
    }

    [Fact(Timeout = 90_000)]
    public async Task With_the_smtp_server_down_for_a_while_the_email_is_delivered_once_it_is_back()
    {
        await using var smtp = new TestSmtpServer(); // not listening: connections are refused
        await using var worker = await IsolatedWorker.StartAsync(fixture, smtp, Ct);
        var order = TestOrders.New();

        await worker.Publisher.PublishAsync(order, Ct);
        await Eventually.TrueAsync(() => worker.Metrics.Total(NotificationsMetrics.RetriedName) >= 1, TimeSpan.FromSeconds(30),
            "the first failed attempt is counted as retried", ct: Ct);

        // The outage is waited out, not spent on retries that would run out during a long one: over three back-off steps,
        // no second retry.
        await Consistently.TrueAsync(() => worker.Metrics.Total(NotificationsMetrics.RetriedName) == 1, TimeSpan.FromSeconds(8),
            "one retry while the server is down", TimeSpan.FromMilliseconds(250), Ct);
        smtp.Start();
        // Back within about a probe interval, not at the message's next back-off step.
        await Eventually.TrueAsync(() => smtp.AcceptedFor(order.CustomerEmail).Any(), TimeSpan.FromSeconds(10), "the email reaches the server once it is back", ct: Ct);
        await Eventually.TrueAsync(() => worker.Metrics.Total(NotificationsMetrics.SentName) == 1, TimeSpan.FromSeconds(30), "the email is recorded as sent", ct: Ct);

        Assert.Single(smtp.AcceptedFor(order.CustomerEmail));
        Assert.Equal(1, worker.Metrics.Total(NotificationsMetrics.SentName));
        Assert.Equal(0, worker.Metrics.Total(NotificationsMetrics.FailedName));
    }

    [Fact(Timeout = 90_000)]
    public async Task A_graceful_stop_lets_sends_in_flight_finish_and_leaves_the_rest_in_the_queue_for_the_next_worker()
    {
        // A slow server, so that sends are in flight when the stop comes.
        await using var smtp = new TestSmtpServer { StoreDelay = TimeSpan.FromSeconds(1) };
        smtp.Start();
        var first = await IsolatedWorker.StartAsync(fixture, smtp, Ct);
        var orders = Enumerable.Range(0, 30).Select(_ => TestOrders.New()).ToList();
        await first.Publisher.PublishAllAsync(orders, Ct);
        await Eventually.TrueAsync(() => smtp.Attempts.Any(a => a.Stage == "RCPT"), TimeSpan.FromSeconds(30), "a send has started", ct: Ct);

        await first.StopAsync();

        // Every send the server had started on was finished, not cut off; the others are still queued.
        var started = smtp.Attempts.Where(a => a.Stage == "RCPT").Select(a => a.Recipient).ToHashSet();
        Assert.All(started, recipient => Assert.Single(smtp.AcceptedFor(recipient)));
        Assert.InRange(smtp.Accepted.Count, 1, orders.Count - 1);

        await using var second = await IsolatedWorker.StartAsync(fixture, smtp, Ct, first.VirtualHost);
        // Every email recorded as sent, by one worker or the other: every order is handled, and none can be sent again.
        await Eventually.TrueAsync(() => first.Metrics.Total(NotificationsMetrics.SentName) + second.Metrics.Total(NotificationsMetrics.SentName) == orders.Count,
            TimeSpan.FromSeconds(60), $"the {orders.Count} emails are recorded as sent", ct: Ct);
        Assert.All(orders, order => Assert.Single(smtp.AcceptedFor(order.CustomerEmail)));
    }

    [Fact(Timeout = 120_000)]
    public async Task Losing_the_broker_while_sends_wait_for_the_server_still_sends_each_email_once()
    {
        // The server stores each message, then takes 2 s to say so: the broker connection is lost in between.
        await using var smtp = new TestSmtpServer { ReplyDelay = TimeSpan.FromSeconds(2) };
        smtp.Start();
        await using var worker = await IsolatedWorker.StartAsync(fixture, smtp, Ct);
        var orders = Enumerable.Range(0, 6).Select(_ => TestOrders.New()).ToList();
        await worker.Publisher.PublishAllAsync(orders, Ct);
        await Eventually.TrueAsync(() => !smtp.Accepted.IsEmpty, TimeSpan.FromSeconds(30), "the server has stored a message", ct: Ct);

        Assert.True(await fixture.Broker.CloseConnectionsAsync(worker.VirtualHost, Ct) > 0);

        // The deliveries that were in flight come again after the reconnection: each must find its email recorded. Wait
        // until every email is recorded as sent, then until the queue has nothing left to deliver (every delivery, the
        // repeated ones included, acknowledged): nothing can send again after that.
        await Eventually.TrueAsync(() => worker.Metrics.Total(NotificationsMetrics.SentName) == orders.Count, TimeSpan.FromSeconds(60),
            $"the {orders.Count} emails are recorded as sent", ct: Ct);
        await fixture.Broker.WaitUntilEmptyAsync(WorkerQueues.WorkerQueue, TimeSpan.FromSeconds(30), worker.VirtualHost, Ct);
        Assert.All(orders, order => Assert.Single(smtp.AcceptedFor(order.CustomerEmail)));
    }

    [Fact(Timeout = 90_000)]
    public async Task Confirmations_share_smtp_sessions_instead_of_opening_one_per_email()
    {
        await using var smtp = new TestSmtpServer();
        smtp.Start();
        await using var worker = await IsolatedWorker.StartAsync(fixture, smtp, Ct);
        var orders = Enumerable.Range(0, 40).Select(_ => TestOrders.New()).ToList();

        await worker.Publisher.PublishAllAsync(orders, Ct);
        await Eventually.TrueAsync(() => worker.Metrics.Total(NotificationsMetrics.SentName) == orders.Count, TimeSpan.FromSeconds(60),
            $"the {orders.Count} emails are recorded as sent", ct: Ct);

        Assert.All(orders, order => Assert.Single(smtp.AcceptedFor(order.CustomerEmail)));
        // At most one session per concurrent send, renewed every MaxMessagesPerSession messages (plus health probes).
        Assert.InRange(smtp.Sessions, 1, orders.Count / 2);
    }

    [Fact(Timeout = 90_000)]
    public async Task A_session_the_server_dropped_while_idle_costs_no_failed_attempt()
    {
        await using var smtp = new TestSmtpServer();
        smtp.Start();
        await using var worker = await IsolatedWorker.StartAsync(fixture, smtp, Ct);
        var first = TestOrders.New();
        await worker.Publisher.PublishAsync(first, Ct);
        await Eventually.TrueAsync(() => worker.Metrics.Total(NotificationsMetrics.SentName) == 1, TimeSpan.FromSeconds(30), "the first email is sent", ct: Ct);

        // The server restarts (dropping the worker's pooled session) and the worker stays idle a while: the scenario is
        // an idle period longer than CheckAfterIdle, so this one is a wait for time to pass, not for an event.
        await smtp.StopAsync();
        smtp.Start();
        await Task.Delay(SmtpEmailSender.CheckAfterIdle + TimeSpan.FromSeconds(1), Ct);

        var second = TestOrders.New();
        await worker.Publisher.PublishAsync(second, Ct);
        await Eventually.TrueAsync(() => worker.Metrics.Total(NotificationsMetrics.SentName) == 2, TimeSpan.FromSeconds(30), "the second email is sent", ct: Ct);
        Assert.Single(smtp.AcceptedFor(second.CustomerEmail));
        Assert.Equal(0, worker.Metrics.Total(NotificationsMetrics.RetriedName));
        Assert.Equal(2, worker.Metrics.Total(NotificationsMetrics.SentName));
    }

    [Fact(Timeout = 90_000)]
    public async Task A_server_that_requires_credentials_gets_the_ones_from_the_smtp_settings()
    {
        // As in production: the connection string names the server, the password comes from settings (a secret store).
        await using var smtp = new TestSmtpServer { RequiredCredentials = ("notifications", "s3cret-from-settings") };
        smtp.Start();
        await using var worker = await IsolatedWorker.StartAsync(fixture, smtp, Ct, settings: new Dictionary<string, string>
        {
            ["Smtp:Username"] = "notifications",
            ["Smtp:Password"] = "s3cret-from-settings",
        });
        var order = TestOrders.New();

        await worker.Publisher.PublishAsync(order, Ct);
        await Eventually.TrueAsync(() => smtp.AcceptedFor(order.CustomerEmail).Any(), TimeSpan.FromSeconds(30), "the email reaches the server", ct: Ct);

        Assert.Contains(smtp.Attempts, a => a is { Stage: "AUTH", Recipient: "notifications", ReplyCode: 235 });
        Assert.DoesNotContain(smtp.Attempts, a => a is { Stage: "AUTH", ReplyCode: not 235 });
    }
}

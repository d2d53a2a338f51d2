using Backend.Testing;
using Notifications.Worker.Tests.Support;

namespace Notifications.Worker.Tests;

/// <summary>Kills the AppHost's worker and stops smtp4dev: runs alone, so that no other test sees the outage.</summary>
[Collection(nameof(WorkerOutage))]
public sealed class CrashRecoveryTests(NotificationsFixture fixture)
{
    private const string Domain = "crash.example";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 180_000)]
    public async Task A_worker_killed_mid_batch_sends_every_email_exactly_once_after_restart()
    {
        // Sent before the crash.
        var sent = Enumerable.Range(0, 5).Select(_ => TestOrders.New("before", Domain)).ToList();
        await fixture.Publisher.PublishAllAsync(sent, Ct);
        foreach (var order in sent)
        {
            await fixture.Mailbox.WaitForEmailsAsync(order.CustomerEmail, 1, TimeSpan.FromSeconds(30), Ct);
        }

        // The crash comes while the batch is in flight: with the SMTP server down, every send in progress is
        // failing and waiting for its retry (unacknowledged), and the rest are prefetched or still queued. (With
        // the server up, a kill could land in the instant between its 250 and our commit: see the consumer.)
        await fixture.App.StopResourceAsync("mail", Ct);
        var batch = Enumerable.Range(0, 20).Select(_ => TestOrders.New("batch", Domain)).ToList();
        await fixture.Publisher.PublishAllAsync(batch, Ct);
        await fixture.Publisher.PublishAllAsync(sent, Ct); // redelivered events of orders already confirmed
        await WaitUntilTheWorkerHoldsAsync(WorkerQueues.WorkerQueue, TimeSpan.FromSeconds(30));

        await fixture.App.KillResourceAsync("notifications", Ct);
        await fixture.App.StartResourceAsync("mail", Ct);
        await fixture.App.StartResourceAsync("notifications", Ct);

        // After the restart each order of the batch is sent, and each redelivered event of an order confirmed before the
        // crash is skipped: once the worker has logged all of that, every delivery is handled and the mailbox is final.
        await Eventually.TrueAsync(() => batch.All(o => WorkerLog.Sent(fixture.App, o.OrderNumber) >= 1) && sent.All(o => WorkerLog.Skipped(fixture.App, o.OrderNumber) >= 1),
            TimeSpan.FromSeconds(60), "the restarted worker sent the batch and skipped the orders confirmed before the crash", ct: Ct);

        var everyOrder = sent.Concat(batch).Select(o => o.CustomerEmail).ToList();
        var counts = await Eventually.ValueAsync(() => fixture.Mailbox.CountByRecipientAsync(everyOrder, Domain, Ct), c => c.Values.All(n => n > 0),
            TimeSpan.FromSeconds(30), "every order's email is in the mailbox", TimeSpan.FromMilliseconds(250), Ct);
        Assert.All(everyOrder, recipient => Assert.Equal(1, counts[recipient]));
    }

    /// <summary>Waits until the broker shows messages delivered to the worker and not yet acknowledged.</summary>
    private async Task WaitUntilTheWorkerHoldsAsync(string queue, TimeSpan timeout) =>
        await Eventually.ValueAsync(() => fixture.Broker.QueueAsync(queue, cancellationToken: Ct), counts => counts.Unacknowledged > 0, timeout,
            $"the worker holds messages of {queue} (delivered, not yet acknowledged)", TimeSpan.FromMilliseconds(250), Ct);
}

using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Options;
using Notifications.Worker.Email;
using Notifications.Worker.Orders;
using Notifications.Worker.Telemetry;

namespace Notifications.Worker.OrderConfirmations;

/// <summary>
/// Sends the confirmation email of a placed order, once per order although OrderPlaced arrives at least once:
/// <list type="number">
/// <item>a transaction takes a PostgreSQL advisory lock on the order, so deliveries of the same order (a
/// redelivery, the publisher's duplicate, another replica) run one after the other;</item>
/// <item>under the lock, a row in sent_order_confirmations means the email went out already: skip;</item>
/// <item>otherwise write the row, send, and only after the SMTP server accepted the message commit.</item>
/// </list>
/// A failure before the server's acceptance leaves no row, so the retry or redelivery sends it (nothing is
/// lost). The one gap no protocol closes (RFC 1047) is a crash between the server's 250 and our COMMIT, one
/// local round trip: that redelivery sends a second copy, with the same Message-ID.
/// </summary>
public sealed partial class OrderConfirmationEmailConsumer(
    SentConfirmationLedger ledger,
    OrderConfirmationEmail composer,
    SmtpEmailSender sender,
    SmtpAvailability smtp,
    SendsInFlight inFlight,
    NotificationsTelemetry telemetry,
    IOptions<OrderConfirmationOptions> options,
    ILogger<OrderConfirmationEmailConsumer> logger) : IConsumer<OrderPlaced>
{
    public async Task Consume(ConsumeContext<OrderPlaced> context)
    {
        var order = context.Message;
        var cancellationToken = context.CancellationToken;
        using var activity = StartActivity(order, out var traceId);
        using var handling = inFlight.Enter();

        try
        {
            InvalidOrderPlacedException.ThrowIfInvalid(order);
            // Before the transaction: no database connection is held while the mail server is away.
            await smtp.WaitUntilReachableAsync(options.Value.OutageWait, cancellationToken);

            await using var claim = await ledger.ClaimAsync(order.OrderId, cancellationToken);
            if (claim.AlreadySent is { } sent)
            {
                SkipDuplicate(order, sent, activity);
                return;
            }

            var email = composer.Compose(order, traceId);
            var record = await ledger.WriteBeforeSendingAsync(order, email, traceId, cancellationToken);
            await SendAndCommitAsync(email, claim, record);

            telemetry.Metrics.Sent(OrderConfirmationEmail.EmailType);
            LogSent(logger, order.OrderNumber, order.OrderId, record.MessageId);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            ReportFailure(order, e, context.GetRetryAttempt(), activity);
            throw;
        }
    }

    /// <summary>
    /// Not cancelled once started: the consume token fires when the broker connection drops (and on shutdown), and a
    /// send cut off after the server stored the message but before its 250 reached us would be sent again on
    /// redelivery. MailKit's per-command timeout bounds it; shutdown waits for it (SendsInFlight).
    /// </summary>
    private async Task SendAndCommitAsync(MimeKit.MimeMessage email, ConfirmationClaim claim, SentOrderConfirmation record)
    {
        await using var delivery = await sender.SendAsync(email, CancellationToken.None);
        await ledger.CommitSentAsync(claim, record);
        await ledger.SaveReplyAsync(record.OrderId, delivery.Reply);
    }

    private void SkipDuplicate(OrderPlaced order, SentOrderConfirmation sent, Activity? activity)
    {
        telemetry.Metrics.Duplicate(OrderConfirmationEmail.EmailType);
        activity?.SetTag("email.duplicate", true);
        LogDuplicate(logger, order.OrderNumber, order.OrderId, order.EventId, sent.EventId, sent.SentAt);
    }

    /// <summary>A transient failure is retried (MassTransit's retry policy); a permanent one, or the last retry, goes to the _error queue.</summary>
    private void ReportFailure(OrderPlaced order, Exception e, int attempt, Activity? activity)
    {
        activity?.AddException(e);
        activity?.SetStatus(ActivityStatusCode.Error, e.Message);
        var permanent = DeliveryFailures.IsPermanent(e);
        if (!permanent && attempt < options.Value.RetryLimit)
        {
            telemetry.Metrics.Retried(OrderConfirmationEmail.EmailType, e);
            LogWillRetry(logger, order.OrderNumber, order.OrderId, attempt + 1, e.Message);
        }
        else
        {
            // The message goes to the _error queue with this exception as MT-Fault-Message.
            telemetry.Metrics.Failed(OrderConfirmationEmail.EmailType, e, permanent);
            LogGaveUp(logger, order.OrderNumber, order.OrderId, permanent ? "permanent failure" : "retries exhausted", attempt + 1, e);
        }
    }

    /// <summary>
    /// Normally MassTransit's consume span is the current activity, a child of the publisher's span through the
    /// MT-Activity-Id header. Should the message carry no trace context, the event's own TraceParent (recorded
    /// with the order) still ties the email to the request that placed it.
    /// </summary>
    private static Activity? StartActivity(OrderPlaced order, out string? traceId)
    {
        var current = Activity.Current;
        var root = current;
        while (root?.Parent is not null)
        {
            root = root.Parent;
        }

        var fromEvent = ActivityContext.TryParse(order.TraceParent, null, out var eventContext) ? eventContext : (ActivityContext?)null;
        var parent = root is { ParentSpanId: var remote } && remote != default ? default : fromEvent ?? default;
        var activity = NotificationsTelemetry.ActivitySource.StartActivity("order confirmation", ActivityKind.Internal, parent,
            links: parent != default && current is not null ? [new ActivityLink(current.Context)] : null);

        activity?.SetTag("order.id", order.OrderId.ToString());
        activity?.SetTag("order.number", order.OrderNumber);
        traceId = activity?.TraceId.ToHexString() ?? (parent != default ? parent.TraceId.ToHexString() : current?.TraceId.ToHexString());
        return activity;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent the confirmation of order {OrderNumber} ({OrderId}) as {MessageId}")]
    private static partial void LogSent(ILogger logger, long orderNumber, Guid orderId, string messageId);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Skipped event {EventId} for order {OrderNumber} ({OrderId}): its confirmation went out at {SentAt} (event {SentEventId})")]
    private static partial void LogDuplicate(ILogger logger, long orderNumber, Guid orderId, Guid eventId, Guid sentEventId, DateTimeOffset sentAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending the confirmation of order {OrderNumber} ({OrderId}) failed (attempt {Attempt}), will retry: {Reason}")]
    private static partial void LogWillRetry(ILogger logger, long orderNumber, Guid orderId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up on the confirmation of order {OrderNumber} ({OrderId}) after {Attempts} attempt(s), {Why}; the message goes to the error queue")]
    private static partial void LogGaveUp(ILogger logger, long orderNumber, Guid orderId, string why, int attempts, Exception exception);
}

using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Options;
using Notifications.Worker.Email;
using Notifications.Worker.Orders;
using Notifications.Worker.Telemetry;

namespace Notifications.Worker.OrderEmails;

/// <summary>
/// Sends the email of each step of an order's life (placed, confirmed, shipped, cancelled), once per order and kind
/// although each event arrives at least once. Every event goes through the same steps:
/// <list type="number">
/// <item>a transaction takes a PostgreSQL advisory lock on the order's email of that kind, so deliveries of it (a
/// redelivery, the publisher's duplicate, another replica, a replay from the error queue) run one after the other;</item>
/// <item>under the lock, a row in the ledger for (order, kind) means the email went out already: skip;</item>
/// <item>otherwise write the row, send, and only after the SMTP server accepted the message commit.</item>
/// </list>
/// A failure before the server's acceptance leaves no row, so the retry or redelivery sends it (nothing is
/// lost). The one gap no protocol closes (RFC 1047) is a crash between the server's 250 and our COMMIT, one
/// local round trip: that redelivery sends a second copy, with the same Message-ID.
/// </summary>
public sealed partial class OrderEmailConsumer(
    SentEmailLedger ledger,
    OrderEmail composer,
    SmtpEmailSender sender,
    SmtpAvailability smtp,
    SendsInFlight inFlight,
    NotificationsTelemetry telemetry,
    IOptions<OrderEmailOptions> options,
    ILogger<OrderEmailConsumer> logger) : IConsumer<OrderPlaced>, IConsumer<OrderConfirmed>, IConsumer<OrderShipped>, IConsumer<OrderCancelled>
{
    public Task Consume(ConsumeContext<OrderPlaced> context) => SendOnceAsync(context, OrderEmailRequest.From(context.Message));

    public Task Consume(ConsumeContext<OrderConfirmed> context) => SendOnceAsync(context, OrderEmailRequest.From(context.Message));

    public Task Consume(ConsumeContext<OrderShipped> context) => SendOnceAsync(context, OrderEmailRequest.From(context.Message));

    public Task Consume(ConsumeContext<OrderCancelled> context) => SendOnceAsync(context, OrderEmailRequest.From(context.Message));

    private async Task SendOnceAsync(ConsumeContext context, OrderEmailRequest order)
    {
        var cancellationToken = context.CancellationToken;
        var emailType = order.Kind.MetricType();
        using var activity = StartActivity(order, out var traceId);
        using var handling = inFlight.Enter();

        try
        {
            // The customer deleted their account: Orders.Service keeps the order for the books, but no one is to be told.
            if (order.CustomerEmail?.Length == 0)
            {
                activity?.SetTag("email.skipped", "account deleted");
                LogNoRecipient(logger, order.Kind, order.OrderId);
                return;
            }

            InvalidOrderEventException.ThrowIfInvalid(order);
            // Before the transaction: no database connection is held while the mail server is away.
            await smtp.WaitUntilReachableAsync(options.Value.OutageWait, cancellationToken);

            await using var claim = await ledger.ClaimAsync(order.OrderId, order.Kind, cancellationToken);
            if (claim.AlreadySent is { } sent)
            {
                SkipDuplicate(order, sent, activity);
                return;
            }

            var email = composer.Compose(order, traceId);
            var record = await ledger.WriteBeforeSendingAsync(order, email, traceId, cancellationToken);
            await SendAndCommitAsync(email, claim, record);

            telemetry.Metrics.Sent(emailType);
            LogSent(logger, order.Kind, order.OrderNumber, order.OrderId, record.MessageId);
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
    private async Task SendAndCommitAsync(MimeKit.MimeMessage email, SentEmailClaim<SentOrderEmail> claim, SentOrderEmail record)
    {
        await using var delivery = await sender.SendAsync(email, CancellationToken.None);
        await ledger.CommitSentAsync(claim, record);
        await ledger.SaveReplyAsync(record.OrderId, record.Kind, delivery.Reply);
    }

    private void SkipDuplicate(OrderEmailRequest order, SentOrderEmail sent, Activity? activity)
    {
        telemetry.Metrics.Duplicate(order.Kind.MetricType());
        activity?.SetTag("email.duplicate", true);
        LogDuplicate(logger, order.EventId, order.Kind, order.OrderNumber, order.OrderId, sent.SentAt, sent.EventId);
    }

    /// <summary>A transient failure is retried (MassTransit's retry policy); a permanent one, or the last retry, goes to the _error queue.</summary>
    private void ReportFailure(OrderEmailRequest order, Exception e, int attempt, Activity? activity)
    {
        activity?.AddException(e);
        activity?.SetStatus(ActivityStatusCode.Error, e.Message);
        var permanent = DeliveryFailures.IsPermanent(e);
        if (!permanent && attempt < options.Value.RetryLimit)
        {
            telemetry.Metrics.Retried(order.Kind.MetricType(), e);
            LogWillRetry(logger, order.Kind, order.OrderNumber, order.OrderId, attempt + 1, e.Message);
        }
        else
        {
            // The message goes to the _error queue with this exception as MT-Fault-Message (replayable: README, "replay-errors").
            telemetry.Metrics.Failed(order.Kind.MetricType(), e, permanent);
            LogGaveUp(logger, order.Kind, order.OrderNumber, order.OrderId, permanent ? "permanent failure" : "retries exhausted", attempt + 1, e);
        }
    }

    /// <summary>
    /// Normally MassTransit's consume span is the current activity, a child of the publisher's span through the
    /// MT-Activity-Id header. Should the message carry no trace context, the event's own TraceParent (recorded
    /// with the change) still ties the email to the request that made it.
    /// </summary>
    private static Activity? StartActivity(OrderEmailRequest order, out string? traceId)
    {
        var current = Activity.Current;
        var root = current;
        while (root?.Parent is not null)
        {
            root = root.Parent;
        }

        var fromEvent = ActivityContext.TryParse(order.TraceParent, null, out var eventContext) ? eventContext : (ActivityContext?)null;
        var parent = root is { ParentSpanId: var remote } && remote != default ? default : fromEvent ?? default;
        var activity = NotificationsTelemetry.ActivitySource.StartActivity($"order email {order.Kind.MetricType()}", ActivityKind.Internal, parent,
            links: parent != default && current is not null ? [new ActivityLink(current.Context)] : null);

        activity?.SetTag("order.id", order.OrderId.ToString());
        activity?.SetTag("order.number", order.OrderNumber);
        activity?.SetTag("email.type", order.Kind.MetricType());
        traceId = activity?.TraceId.ToHexString() ?? (parent != default ? parent.TraceId.ToHexString() : current?.TraceId.ToHexString());
        return activity;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent the {Kind} email of order {OrderNumber} ({OrderId}) as {MessageId}")]
    private static partial void LogSent(ILogger logger, OrderEmailKind kind, long orderNumber, Guid orderId, string messageId);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Skipped event {EventId}: the {Kind} email of order {OrderNumber} ({OrderId}) went out at {SentAt} (event {SentEventId})")]
    private static partial void LogDuplicate(ILogger logger, Guid eventId, OrderEmailKind kind, long orderNumber, Guid orderId, DateTimeOffset sentAt, Guid sentEventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending the {Kind} email of order {OrderNumber} ({OrderId}) failed (attempt {Attempt}), will retry: {Reason}")]
    private static partial void LogWillRetry(ILogger logger, OrderEmailKind kind, long orderNumber, Guid orderId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "No {Kind} email for order {OrderId}: its customer deleted their account")]
    private static partial void LogNoRecipient(ILogger logger, OrderEmailKind kind, Guid orderId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up on the {Kind} email of order {OrderNumber} ({OrderId}) after {Attempts} attempt(s), {Why}; the message goes to the error queue")]
    private static partial void LogGaveUp(ILogger logger, OrderEmailKind kind, long orderNumber, Guid orderId, string why, int attempts, Exception exception);
}

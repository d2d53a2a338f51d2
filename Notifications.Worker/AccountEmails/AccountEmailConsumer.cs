using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Options;
using Notifications.Worker.Accounts;
using Notifications.Worker.Email;
using Notifications.Worker.OrderEmails;
using Notifications.Worker.Telemetry;

namespace Notifications.Worker.AccountEmails;

/// <summary>
/// Sends the emails Identity.Service asks for (verify an address, reset a password, someone tried to register, the
/// address changed), once per
/// link (or per notice) although each event arrives at least once, with the order emails' protocol: under an advisory
/// lock on the email, a row in the ledger means "sent already"; otherwise write the row, send, and commit after the
/// server's 250 (see <see cref="OrderEmailConsumer"/> for the reasoning and its one gap).
/// </summary>
public sealed partial class AccountEmailConsumer(
    AccountEmailLedger ledger,
    AccountEmail composer,
    SmtpEmailSender sender,
    SmtpAvailability smtp,
    SendsInFlight inFlight,
    NotificationsTelemetry telemetry,
    IOptions<OrderEmailOptions> options,
    ILogger<AccountEmailConsumer> logger)
    : IConsumer<EmailVerificationRequested>, IConsumer<PasswordResetRequested>, IConsumer<RegistrationAttempted>, IConsumer<AccountEmailChanged>
{
    public Task Consume(ConsumeContext<EmailVerificationRequested> context) => SendOnceAsync(context, AccountEmailRequest.From(context.Message));

    public Task Consume(ConsumeContext<PasswordResetRequested> context) => SendOnceAsync(context, AccountEmailRequest.From(context.Message));

    public Task Consume(ConsumeContext<RegistrationAttempted> context) => SendOnceAsync(context, AccountEmailRequest.From(context.Message));

    public Task Consume(ConsumeContext<AccountEmailChanged> context) => SendOnceAsync(context, AccountEmailRequest.From(context.Message));

    private async Task SendOnceAsync(ConsumeContext context, AccountEmailRequest request)
    {
        var cancellationToken = context.CancellationToken;
        var emailType = request.Kind.MetricType();
        using var activity = NotificationsTelemetry.ActivitySource.StartActivity($"account email {emailType}");
        activity?.SetTag("email.type", emailType);
        activity?.SetTag("account.id", request.AccountId.ToString());
        var traceId = activity?.TraceId.ToHexString() ?? Activity.Current?.TraceId.ToHexString();
        using var handling = inFlight.Enter();

        try
        {
            request.ThrowIfInvalid();
            await smtp.WaitUntilReachableAsync(options.Value.OutageWait, cancellationToken);

            await using var claim = await ledger.ClaimAsync(request.EmailId, cancellationToken);
            if (claim.AlreadySent is { } sent)
            {
                telemetry.Metrics.Duplicate(emailType);
                activity?.SetTag("email.duplicate", true);
                LogDuplicate(logger, request.EventId, request.Kind, request.EmailId, sent.SentAt);
                return;
            }

            var email = composer.Compose(request, traceId);
            var record = await ledger.WriteBeforeSendingAsync(request, email, traceId, cancellationToken);
            // Not cancelled once started: a send cut off after the server stored it would go out twice (OrderEmailConsumer).
            await using (await sender.SendAsync(email, CancellationToken.None))
            {
                await ledger.CommitSentAsync(claim, record);
            }

            telemetry.Metrics.Sent(emailType);
            LogSent(logger, request.Kind, request.EmailId, record.MessageId);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            activity?.AddException(e);
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            var permanent = DeliveryFailures.IsPermanent(e);
            var attempt = context.GetRetryAttempt();
            if (!permanent && attempt < options.Value.RetryLimit)
            {
                telemetry.Metrics.Retried(emailType, e);
                LogWillRetry(logger, request.Kind, request.EmailId, attempt + 1, e.Message);
            }
            else
            {
                telemetry.Metrics.Failed(emailType, e, permanent);
                LogGaveUp(logger, request.Kind, request.EmailId, attempt + 1, e);
            }

            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent the {Kind} email {EmailId} as {MessageId}")]
    private static partial void LogSent(ILogger logger, AccountEmailKind kind, Guid emailId, string messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Skipped event {EventId}: the {Kind} email {EmailId} went out at {SentAt}")]
    private static partial void LogDuplicate(ILogger logger, Guid eventId, AccountEmailKind kind, Guid emailId, DateTimeOffset sentAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending the {Kind} email {EmailId} failed (attempt {Attempt}), will retry: {Reason}")]
    private static partial void LogWillRetry(ILogger logger, AccountEmailKind kind, Guid emailId, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up on the {Kind} email {EmailId} after {Attempts} attempt(s); the message goes to the error queue")]
    private static partial void LogGaveUp(ILogger logger, AccountEmailKind kind, Guid emailId, int attempts, Exception exception);
}

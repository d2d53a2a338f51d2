using Backend.Testing;
using Notifications.Worker.Accounts;
using Notifications.Worker.Telemetry;
using Notifications.Worker.Tests.Support;
using Npgsql;

namespace Notifications.Worker.Tests;

/// <summary>The account emails Identity.Service asks for: each link's email once, whatever arrives twice, and worded for what it is.</summary>
public sealed class AccountEmailTests(NotificationsFixture fixture)
{
    private static readonly TimeSpan EmailTimeout = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset At = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Timeout = 120_000)]
    public async Task Each_link_is_emailed_once_however_often_its_event_arrives()
    {
        await using var smtp = new TestSmtpServer();
        smtp.Start();
        await using var worker = await IsolatedWorker.StartAsync(fixture, smtp, Ct);
        var email = TestAccounts.NewEmail("account");
        var verify = new EmailVerificationRequested(Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7(), email, "Ada Lovelace",
            $"https://shop.example/account/verify-email?link={Guid.NewGuid()}&token=abc", At.AddDays(1), At, null);
        var reset = new PasswordResetRequested(Guid.CreateVersion7(), Guid.CreateVersion7(), verify.AccountId, email, "Ada Lovelace",
            $"https://shop.example/account/reset-password?link={Guid.NewGuid()}&token=def", At.AddMinutes(30), At, null);
        var attempt = new RegistrationAttempted(Guid.CreateVersion7(), verify.AccountId, email, "Ada Lovelace",
            "https://shop.example/account/login", "https://shop.example/account/forgot-password", At, null);
        var changed = new AccountEmailChanged(Guid.CreateVersion7(), verify.AccountId, TestAccounts.NewEmail("moved"), email, "Ada Lovelace",
            "https://shop.example/account/login", At, null);

        async Task SendTwiceAsync<TEvent>(TEvent message, Guid eventId, TEvent sameEmailNewEvent, Guid newEventId, string emailType, string subject)
            where TEvent : class
        {
            await worker.Publisher.PublishEventAsync(message, eventId, Ct);
            await Eventually.TrueAsync(() => Subjects(smtp, email).Contains(subject), EmailTimeout, "the email arrives", ct: Ct);
            // A redelivery, and the same email asked for by another event (an outbox relay's second publish).
            await worker.Publisher.PublishEventAsync(message, eventId, Ct);
            await worker.Publisher.PublishEventAsync(sameEmailNewEvent, newEventId, Ct);
            await Eventually.TrueAsync(() => worker.Metrics.Total(NotificationsMetrics.DuplicatesName, "email.type", emailType) == 2, EmailTimeout,
                "the worker handles both duplicates", ct: Ct);
            Assert.Single(Subjects(smtp, email), s => s == subject);
        }

        var verifyAgain = verify with { EventId = Guid.CreateVersion7() };
        var resetAgain = reset with { EventId = Guid.CreateVersion7() };
        await SendTwiceAsync(verify, verify.EventId, verifyAgain, verifyAgain.EventId, "account_verify_email", "Verify your email address");
        await SendTwiceAsync(reset, reset.EventId, resetAgain, resetAgain.EventId, "account_reset_password", "Reset your password");
        // A notice is keyed by its event: the same event twice is one email.
        await SendTwiceAsync(attempt, attempt.EventId, attempt, attempt.EventId, "account_registration_attempted",
            "Someone tried to create an account with your email address");
        await SendTwiceAsync(changed, changed.EventId, changed, changed.EventId, "account_email_changed", "Your account's email address was changed");

        var sent = smtp.AcceptedFor(email).ToList();
        Assert.Equal(4, sent.Count);
        var verification = sent.Single(m => m.Subject == "Verify your email address");
        Assert.Equal($"account-verify-email.{verify.LinkId:N}@shop.example", verification.MessageId);
        Assert.Contains(verify.VerifyUrl, verification.TextBody, StringComparison.Ordinal);
        Assert.Contains("until Friday 4 December 2026, 09:00 UTC", verification.TextBody, StringComparison.Ordinal);
        var resetEmail = sent.Single(m => m.Subject == "Reset your password");
        Assert.Contains(reset.ResetUrl, resetEmail.TextBody, StringComparison.Ordinal);
        Assert.Contains("until Thursday 3 December 2026, 09:30 UTC", resetEmail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"href=\"{System.Net.WebUtility.HtmlEncode(reset.ResetUrl)}\"", resetEmail.HtmlBody, StringComparison.Ordinal);
        var notice = sent.Single(m => m.Subject == "Someone tried to create an account with your email address");
        Assert.Contains(attempt.ResetUrl, notice.TextBody, StringComparison.Ordinal);
        var changeNotice = sent.Single(m => m.Subject == "Your account's email address was changed");
        Assert.Contains("If you did not, someone else may be using your account", changeNotice.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(changed.Email, changeNotice.TextBody, StringComparison.Ordinal); // the new address stays private
        Assert.Empty(smtp.AcceptedFor(changed.Email));
        Assert.Equal(4, await LedgerRowsAsync(verify.AccountId));
    }

    private static List<string> Subjects(TestSmtpServer smtp, string recipient) => [.. smtp.AcceptedFor(recipient).Select(m => m.Subject ?? "")];

    private async Task<long> LedgerRowsAsync(Guid accountId)
    {
        await using var connection = new NpgsqlConnection(fixture.NotificationsDb);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM sent_account_emails WHERE account_id = @account", connection);
        command.Parameters.AddWithValue("account", accountId);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}

namespace Notifications.Worker.Tests.Support;

/// <summary>What the server saw: a RCPT TO or a DATA, for whom, when, and what it answered.</summary>
public sealed record SmtpAttempt(DateTimeOffset At, string Stage, string Recipient, int ReplyCode);

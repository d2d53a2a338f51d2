namespace Notifications.Worker.Email;

/// <summary>A message the SMTP server accepted; disposing hands its session back to the sender.</summary>
public sealed class SmtpDelivery : IAsyncDisposable
{
    private readonly SmtpSession _session;
    private readonly SmtpEmailSender _sender;

    internal SmtpDelivery(string reply, SmtpSession session, SmtpEmailSender sender)
    {
        Reply = reply;
        _session = session;
        _sender = sender;
    }

    /// <summary>The server's reply to the end of DATA (e.g. "2.0.0 Ok: queued as …").</summary>
    public string Reply { get; }

    // The server has the message: nothing done with the session from here on can make the send look failed.
    public ValueTask DisposeAsync() => _sender.ReturnAsync(_session);
}

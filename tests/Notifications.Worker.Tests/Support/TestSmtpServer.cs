using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Notifications.Worker.Tests.Support;

/// <summary>
/// A real SMTP server in the test process (the SmtpServer package) that misbehaves on purpose: it can be down
/// (nothing listens on its port), refuse recipients for good (550), or fail a delivery temporarily (451).
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private CancellationTokenSource? _running;
    private Task? _serving;

    public TestSmtpServer() => Port = FreePort();

    public int Port { get; }

    /// <summary>The worker's "mail" connection string for this server.</summary>
    public string ConnectionString => $"Endpoint=smtp://127.0.0.1:{Port}";

    public ConcurrentQueue<MimeMessage> Accepted { get; } = new();

    public ConcurrentQueue<SmtpAttempt> Attempts { get; } = new();

    /// <summary>SMTP sessions (client connections) the server has had.</summary>
    public int Sessions => _sessions;

    private int _sessions;

    /// <summary>Recipients refused at RCPT TO with "550 mailbox unavailable".</summary>
    public Func<string, bool> RejectsRecipient { get; set; } = _ => false;

    /// <summary>Given the recipient and how many DATA attempts it had before, whether to answer "451" instead of accepting.</summary>
    public Func<string, int, bool> FailsDelivery { get; set; } = (_, _) => false;

    /// <summary>When set, MAIL FROM needs AUTH (PLAIN or LOGIN) with exactly these credentials.</summary>
    public (string User, string Password)? RequiredCredentials { get; init; }

    /// <summary>How long the server takes to store a message before it answers the DATA (a slow server).</summary>
    public TimeSpan StoreDelay { get; set; } = TimeSpan.Zero;

    /// <summary>How long the server waits, with the message already stored, before it answers the DATA with its 250.</summary>
    public TimeSpan ReplyDelay { get; set; } = TimeSpan.Zero;

    public IEnumerable<SmtpAttempt> AttemptsFor(string recipient) => Attempts.Where(a => a.Recipient.Equals(recipient, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<MimeMessage> AcceptedFor(string recipient) =>
        Accepted.Where(m => m.To.Mailboxes.Any(to => to.Address.Equals(recipient, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Starts listening (again, on the same port).</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_running is not null)
            {
                return;
            }

            var options = new SmtpServerOptionsBuilder()
                .ServerName("test-smtp.localhost")
                .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))
                    .AuthenticationRequired(RequiredCredentials is not null)
                    .AllowUnsecureAuthentication(RequiredCredentials is not null))
                .Build();
            var services = new SmtpServer.ComponentModel.ServiceProvider();
            services.Add(new Authenticator(this));
            services.Add(new RecipientFilter(this));
            services.Add(new Store(this));
            _running = new CancellationTokenSource();
            // StartAsync binds the port before its first await, so the server is listening when this returns.
            var server = new SmtpServer.SmtpServer(options, services);
            server.SessionCreated += (_, _) => Interlocked.Increment(ref _sessions);
            _serving = server.StartAsync(_running.Token);
        }
    }

    /// <summary>Stops listening and drops open sessions: connecting is refused until <see cref="Start"/>.</summary>
    public async Task StopAsync()
    {
        CancellationTokenSource? running;
        Task? serving;
        lock (_gate)
        {
            (running, serving, _running, _serving) = (_running, _serving, null, null);
        }

        if (running is null || serving is null)
        {
            return;
        }

        await running.CancelAsync();
        try
        {
            await serving.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }

        running.Dispose();
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private sealed class Authenticator(TestSmtpServer server) : IUserAuthenticator
    {
        public Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken)
        {
            var valid = server.RequiredCredentials is { } required && required.User == user && required.Password == password;
            server.Attempts.Enqueue(new SmtpAttempt(DateTimeOffset.UtcNow, "AUTH", user, valid ? 235 : 535));
            return Task.FromResult(valid);
        }
    }

    private sealed class RecipientFilter(TestSmtpServer server) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            var recipient = to.AsAddress();
            var accepted = !server.RejectsRecipient(recipient);
            server.Attempts.Enqueue(new SmtpAttempt(DateTimeOffset.UtcNow, "RCPT", recipient, accepted ? 250 : 550));
            return Task.FromResult(accepted);
        }
    }

    private sealed class Store(TestSmtpServer server) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer,
            CancellationToken cancellationToken)
        {
            if (server.StoreDelay > TimeSpan.Zero)
            {
                await Task.Delay(server.StoreDelay, cancellationToken);
            }

            var recipient = transaction.To[0].AsAddress();
            var before = server.AttemptsFor(recipient).Count(a => a.Stage == "DATA");
            if (server.FailsDelivery(recipient, before))
            {
                server.Attempts.Enqueue(new SmtpAttempt(DateTimeOffset.UtcNow, "DATA", recipient, 451));
                return new SmtpResponse(SmtpReplyCode.Aborted, "4.3.0 Temporary local problem, try again later");
            }

            using var stream = new MemoryStream(buffer.ToArray());
            server.Accepted.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            server.Attempts.Enqueue(new SmtpAttempt(DateTimeOffset.UtcNow, "DATA", recipient, 250));
            if (server.ReplyDelay > TimeSpan.Zero)
            {
                await Task.Delay(server.ReplyDelay, CancellationToken.None); // stored is stored, whatever the client does meanwhile
            }

            return SmtpResponse.Ok;
        }
    }
}

namespace Notifications.Worker.OrderEmails;

/// <summary>
/// Counts the emails being handled, and makes the host's graceful stop wait for them. Registered before the
/// bus, so it stops after it: the bus stops taking messages first, then this waits (within the host's shutdown budget)
/// for the handlers that already started. MassTransit's own stop is not relied on for that (it can return while sends
/// are in flight), and a process that exits after the server's 250 and before our record sends that email twice.
/// </summary>
public sealed class SendsInFlight : IHostedService
{
    private readonly Lock _gate = new();
    private int _count;
    private TaskCompletionSource? _drained;

    /// <summary>Marks a handler as started; dispose when it is done (sent and recorded, skipped or failed).</summary>
    public Scope Enter()
    {
        lock (_gate)
        {
            _count++;
        }

        return new Scope(this);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Waits for the handlers in flight; the host cancels the wait when its shutdown budget runs out.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task drained;
        lock (_gate)
        {
            if (_count == 0)
            {
                return;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            drained = _drained.Task;
        }

        try
        {
            await drained.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Out of time: what is still running ends with the process, and its message goes back to the queue.
        }
    }

    private void Exit()
    {
        lock (_gate)
        {
            if (--_count == 0 && _drained is { } drained)
            {
                _drained = null;
                drained.TrySetResult();
            }
        }
    }

    public readonly struct Scope(SendsInFlight owner) : IDisposable
    {
        public void Dispose() => owner.Exit();
    }
}

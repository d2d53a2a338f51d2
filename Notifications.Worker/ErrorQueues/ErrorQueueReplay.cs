using RabbitMQ.Client;

namespace Notifications.Worker.ErrorQueues;

/// <summary>
/// Moves the messages of a queue's "_error" queue back to the queue, for an operator once the cause is fixed (a
/// refused address corrected, a mail server back). Once-only still holds: a replayed event whose email went out is
/// skipped by the ledger like any duplicate.
/// </summary>
public static class ErrorQueueReplay
{
    /// <summary>MassTransit's headers on a faulted message: the reason it failed, which no longer holds once replayed.</summary>
    private static bool IsFaultHeader(string name) => name.StartsWith("MT-Fault-", StringComparison.Ordinal) || name == "MT-Reason";

    /// <summary>
    /// Moves what is in <paramref name="queue"/>_error now to <paramref name="queue"/>; returns how many. Each message is
    /// acknowledged on the error queue only after the broker confirmed it in the queue, so a failure midway loses
    /// nothing (at worst a message is in both, and the ledger makes the second a duplicate). Only the messages there at
    /// the start are moved: one that fails again while this runs waits for the next replay instead of looping.
    /// </summary>
    public static async Task<int> ReplayAsync(Uri broker, string queue, CancellationToken cancellationToken)
    {
        var errorQueue = queue + "_error";
        var factory = new ConnectionFactory { Uri = broker, ClientProvidedName = "notifications replay-errors" };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);

        var waiting = (await channel.QueueDeclarePassiveAsync(errorQueue, cancellationToken)).MessageCount;
        await channel.QueueDeclarePassiveAsync(queue, cancellationToken); // the queue must exist: the default exchange would drop the message

        var moved = 0;
        while (moved < waiting && await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken) is { } message)
        {
            var properties = new BasicProperties(message.BasicProperties)
            {
                Headers = message.BasicProperties.Headers?.Where(h => !IsFaultHeader(h.Key)).ToDictionary(h => h.Key, h => h.Value),
            };
            // Mandatory, with confirms: returns only once the broker has it in the queue (throws if it could not route it).
            await channel.BasicPublishAsync("", queue, mandatory: true, properties, message.Body, cancellationToken);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            moved++;
        }

        return moved;
    }
}

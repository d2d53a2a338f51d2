using Notifications.Worker.OrderEmails;
using ServiceDefaults.Messaging;

namespace Notifications.Worker.ErrorQueues;

/// <summary>
/// <c>dotnet run --project Notifications.Worker -- replay-errors [queue]</c>: moves the error queue's messages back
/// (README, "Replaying the error queue") and exits, without starting the worker.
/// </summary>
public static partial class ReplayErrorsCommand
{
    public const string Name = "replay-errors";

    public static bool Matches(string[] args) => args.Length > 0 && args[0] == Name;

    public static async Task<int> RunAsync(IConfiguration configuration, string[] args, ILogger logger, CancellationToken cancellationToken)
    {
        var connectionString = configuration.GetConnectionString(MessagingExtensions.ConnectionName);
        if (string.IsNullOrEmpty(connectionString))
        {
            LogNoBroker(logger, MessagingExtensions.ConnectionName);
            return 2;
        }

        var queue = args.Length > 1 && !args[1].Contains('=', StringComparison.Ordinal) ? args[1] : OrderEmailConsumerDefinition.QueueName;
        var moved = await ErrorQueueReplay.ReplayAsync(new Uri(connectionString), queue, cancellationToken);
        LogReplayed(logger, moved, queue);
        return 0;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "No broker: set ConnectionStrings:{Name} (e.g. ConnectionStrings__{Name}=amqp://user:password@host:5672)")]
    private static partial void LogNoBroker(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved {Count} message(s) from {Queue}_error back to {Queue}")]
    private static partial void LogReplayed(ILogger logger, int count, string queue);
}

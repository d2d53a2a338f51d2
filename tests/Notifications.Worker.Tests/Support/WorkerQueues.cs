namespace Notifications.Worker.Tests.Support;

/// <summary>Where OrderPlaced arrives and where the worker's failures end up.</summary>
public static class WorkerQueues
{
    public const string OrderPlacedExchange = "backend:orders:order-placed:v1";
    public const string WorkerQueue = "order-confirmation-email";
    public const string ErrorQueue = WorkerQueue + "_error";
}

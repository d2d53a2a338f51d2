using MassTransit;

namespace ServiceDefaults.Messaging;

public static class ReadModelRetry
{
    /// <summary>
    /// How a consumer that keeps its own copy of another service's data (a read model, a profile following its account)
    /// retries: its work is idempotent, so a conflict or a database hiccup is simply tried again, backing off from
    /// 200 ms to 10 s over five attempts, before the message goes to the error queue.
    /// </summary>
    public static void RetryIdempotentWork(this IReceiveEndpointConfigurator endpoint) =>
        endpoint.UseMessageRetry(retry => retry.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(300)));
}

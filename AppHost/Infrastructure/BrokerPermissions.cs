namespace AppHost.Infrastructure;

/// <summary>
/// What one service may do on the broker, as RabbitMQ's three regular expressions over exchange and queue names
/// (https://www.rabbitmq.com/docs/access-control). Exchanges are named after message URNs (UrnEntityNameFormatter),
/// queues after consumers (kebab case, with MassTransit's _error and _skipped), plus MassTransit's own: each bus's
/// temporary endpoint (…_bus_…) and the Fault exchanges it publishes when a consumer fails.
/// </summary>
public sealed record BrokerPermissions(string Configure, string Write, string Read)
{
    private const string MassTransitOwn = @".*_bus_.*|MassTransit:.*";

    /// <param name="publishes">The URN prefixes or names of the events the service publishes (regular expressions).</param>
    /// <param name="consumes">The events the service consumes.</param>
    /// <param name="queues">The service's consumer queues (each with its _error and _skipped).</param>
    public static BrokerPermissions Of(string publishes, string consumes, string queues)
    {
        string Any(params string[] parts) => $"^({string.Join('|', parts.Where(p => p.Length > 0))})$";
        var ownQueues = queues.Length > 0 ? $"({queues})(_error|_skipped)?" : "";
        return new BrokerPermissions(
            Configure: Any(publishes, consumes, ownQueues, MassTransitOwn),
            Write: Any(publishes, ownQueues, MassTransitOwn),
            Read: Any(consumes, ownQueues, MassTransitOwn));
    }

    /// <summary>Each service's permissions, by service name: only its own events to publish, only its own queues to read.</summary>
    public static readonly IReadOnlyDictionary<string, BrokerPermissions> OfServices = new Dictionary<string, BrokerPermissions>
    {
        ["identity"] = Of(publishes: @"backend:identity:.*", consumes: @"backend:users:user-deleted:v1", queues: "profile-deleted"),
        ["users"] = Of(publishes: @"backend:users:.*", consumes: @"backend:identity:account-(email-changed|deleted):v1", queues: "account-events"),
        ["orders"] = Of(publishes: @"backend:orders:.*", consumes: @"backend:users:user-(created|updated|deleted):v1", queues: "customer-profile"),
        ["notifications"] = Of(publishes: "",
            consumes: @"backend:orders:order-(placed|confirmed|shipped|cancelled):v1|backend:identity:(email-verification-requested|password-reset-requested|registration-attempted|account-email-changed):v1",
            queues: "order-confirmation-email|account-email"),
    };
}

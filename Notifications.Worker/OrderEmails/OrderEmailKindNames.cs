namespace Notifications.Worker.OrderEmails;

/// <summary>The stable names of each kind of email: never change one, since deliveries before and after a deployment must agree.</summary>
public static class OrderEmailKindNames
{
    /// <summary>
    /// The Message-ID's and the advisory lock's prefix. The placed-order email keeps "order-confirmation", its name
    /// from before the other emails existed: a redelivery across the upgrade locks and names the email as before.
    /// </summary>
    public static string Key(this OrderEmailKind kind) => kind switch
    {
        OrderEmailKind.Placed => "order-confirmation",
        OrderEmailKind.Confirmed => "order-confirmed",
        OrderEmailKind.Shipped => "order-shipped",
        OrderEmailKind.Cancelled => "order-cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The email.type of metrics and spans.</summary>
    public static string MetricType(this OrderEmailKind kind) => kind switch
    {
        OrderEmailKind.Placed => "order_placed",
        OrderEmailKind.Confirmed => "order_confirmed",
        OrderEmailKind.Shipped => "order_shipped",
        OrderEmailKind.Cancelled => "order_cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}

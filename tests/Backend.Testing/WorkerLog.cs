namespace Backend.Testing;

/// <summary>
/// What the AppHost's worker logged about an order's emails (OrderEmailConsumer's messages): each delivery it handles
/// ends in one "Sent the {Kind} email of order N" or one "Skipped event ...: the {Kind} email of order N" line, so a
/// test can wait until the deliveries it caused were handled instead of sleeping. The kind defaults to the
/// placed-order email.
/// </summary>
public static class WorkerLog
{
    public const string Resource = "notifications";

    /// <summary>Deliveries of order <paramref name="orderNumber"/> that sent its email of <paramref name="kind"/>.</summary>
    public static int Sent(BackendApp app, long orderNumber, string kind = "Placed") =>
        app.LogLines(Resource).Count(line => line.Contains($"Sent the {kind} email of order {orderNumber} (", StringComparison.Ordinal));

    /// <summary>Deliveries of order <paramref name="orderNumber"/> skipped because its email of <paramref name="kind"/> had gone out.</summary>
    public static int Skipped(BackendApp app, long orderNumber, string kind = "Placed") =>
        app.LogLines(Resource).Count(line => line.Contains("Skipped event ", StringComparison.Ordinal)
            && line.Contains($"the {kind} email of order {orderNumber} (", StringComparison.Ordinal));

    /// <summary>Deliveries of order <paramref name="orderId"/> handled without an email: its customer deleted their account.</summary>
    public static int Unaddressed(BackendApp app, Guid orderId, string kind = "Placed") =>
        app.LogLines(Resource).Count(line => line.Contains($"No {kind} email for order {orderId}: its customer deleted their account", StringComparison.Ordinal));
}

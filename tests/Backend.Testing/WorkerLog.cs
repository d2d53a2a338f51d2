namespace Backend.Testing;

/// <summary>
/// What the AppHost's worker logged about an order (OrderConfirmationEmailConsumer's messages): each delivery it handles
/// ends in one "Sent the confirmation of order N" or one "Skipped event ... for order N" line, so a test can wait until
/// the deliveries it caused were handled instead of sleeping.
/// </summary>
public static class WorkerLog
{
    public const string Resource = "notifications";

    /// <summary>Deliveries of order <paramref name="orderNumber"/> that sent its email.</summary>
    public static int Sent(BackendApp app, long orderNumber) =>
        app.LogLines(Resource).Count(line => line.Contains($"Sent the confirmation of order {orderNumber} (", StringComparison.Ordinal));

    /// <summary>Deliveries of order <paramref name="orderNumber"/> skipped because its email had gone out.</summary>
    public static int Skipped(BackendApp app, long orderNumber) =>
        app.LogLines(Resource).Count(line => line.Contains("Skipped event ", StringComparison.Ordinal)
            && line.Contains($" for order {orderNumber} (", StringComparison.Ordinal));
}

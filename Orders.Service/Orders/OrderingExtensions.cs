namespace Orders.Service.Orders;

public static class OrderingExtensions
{
    /// <summary>The order book and its limits (<see cref="OrderLimits"/>, checked at start).</summary>
    public static IServiceCollection AddOrdering(this IServiceCollection services)
    {
        services.AddOptions<OrderLimits>().BindConfiguration(OrderLimits.Section)
            .Validate(l => l.MaxPendingOrders >= 1 && l.MaxOrdersPerMinute >= 1 && l.PendingRetryAfter > TimeSpan.Zero,
                $"{OrderLimits.Section}: MaxPendingOrders and MaxOrdersPerMinute must be at least 1, PendingRetryAfter positive.")
            .ValidateOnStart();
        services.AddScoped<OrderBook>();
        return services;
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ServiceDefaults.Outbox;

public static class OutboxExtensions
{
    /// <summary>
    /// The transactional outbox for <typeparamref name="TDbContext"/> (whose model calls
    /// <see cref="OutboxModel.AddOutbox"/>): <see cref="IOutbox"/> for writers, and the relay that
    /// publishes over the bus configured by AddMessaging.
    /// </summary>
    public static IServiceCollection AddOutbox<TDbContext>(this IServiceCollection services,
        Action<OutboxMessageTypes> messages, Action<OutboxOptions>? configure = null) where TDbContext : DbContext
    {
        var types = new OutboxMessageTypes();
        messages(types);
        var options = new OutboxOptions();
        configure?.Invoke(options);
        var signal = new OutboxSignal<TDbContext>();

        services.AddSingleton(types);
        services.AddSingleton(options);
        services.AddSingleton(signal);
        services.TryAddSingleton<OutboxMetrics>();
        services.ConfigureDbContext<TDbContext>(db => db.AddInterceptors(new OutboxCommitInterceptor<TDbContext>(signal)));
        services.AddScoped<IOutbox, Outbox<TDbContext>>();
        services.AddHostedService<OutboxRelay<TDbContext>>();
        return services;
    }
}

using MassTransit;
using Notifications.Worker.Telemetry;

namespace Notifications.Worker.OrderEmails;

public static class OrderEmailsExtensions
{
    /// <summary>The email composer, the ledger of sent emails, metrics and options; the consumer itself is registered with the bus (see Program).</summary>
    public static TBuilder AddOrderEmails<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddOptions<OrderEmailOptions>().BindConfiguration(OrderEmailOptions.SectionName)
            .Validate(o => o.ConcurrentSends > 0 && o.PrefetchCount >= o.ConcurrentSends && o.RetryLimit >= 0,
                $"{OrderEmailOptions.SectionName}: ConcurrentSends > 0, PrefetchCount >= ConcurrentSends and RetryLimit >= 0.")
            .ValidateOnStart();
        builder.Services.AddSingleton<OrderEmail>();
        builder.Services.AddSingleton<NotificationsMetrics>();
        builder.Services.AddSingleton<NotificationsTelemetry>();
        builder.Services.AddScoped<SentEmailLedger>();
        // Before the bus (AddMessaging), so that it stops after it: see SendsInFlight.
        builder.Services.AddSingleton<SendsInFlight>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SendsInFlight>());

        // On SIGTERM the bus stops taking messages; after this long, handlers still waiting (for the SMTP server to come
        // back, for another replica's lock) are cancelled and their messages, like prefetched ones not yet started, go
        // back to the queue. A send already started is never cancelled (SendsInFlight waits for it). Inside the 20 s
        // host shutdown budget of ServiceDefaults, and longer than one SMTP command may take.
        builder.Services.Configure<MassTransitHostOptions>(host =>
        {
            host.ConsumerStopTimeout = TimeSpan.FromSeconds(12);
            host.StopTimeout = TimeSpan.FromSeconds(15);
        });
        return builder;
    }

    public static void AddOrderEmailConsumer(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<OrderEmailConsumer, OrderEmailConsumerDefinition>();
}

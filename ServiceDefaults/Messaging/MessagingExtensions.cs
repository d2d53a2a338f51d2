using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ServiceDefaults.Configuration;

namespace ServiceDefaults.Messaging;

public static class MessagingExtensions
{
    public const string ConnectionName = "messaging";

    /// <summary>MassTransit's ActivitySource and Meter.</summary>
    private const string TelemetryName = "MassTransit";

    /// <summary>
    /// MassTransit over RabbitMQ, from the "messaging" connection string (amqp://user:password@host:port),
    /// with publisher confirms on and kebab-case endpoint names. The bus starts in the background (a broker
    /// that is down does not block the service's start); MassTransit registers its own readiness check, and
    /// its traces and metrics join the service's.
    /// </summary>
    public static TBuilder AddMessaging<TBuilder>(this TBuilder builder, Action<IBusRegistrationConfigurator>? configure = null,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configureBus = null) where TBuilder : IHostApplicationBuilder
    {
        var broker = new Uri(builder.Require($"ConnectionStrings:{ConnectionName}", "the RabbitMQ broker, amqp://user:password@host:5672"));

        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(TelemetryName));
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(TelemetryName));
        builder.Services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            // MassTransit reports its usage to its vendor's server by default: a production service calls no one it does not need.
            bus.DisableUsageTelemetry();
            // Every consumer's queue is a quorum queue: replicated across a RabbitMQ cluster's nodes (a classic queue
            // lives on one), and just as good on one node. Queues declared classic before cannot change type in place.
            bus.AddConfigureEndpointsCallback((_, endpoint) =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator queue)
                {
                    queue.SetQuorumQueue();
                }
            });
            configure?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.UseBroker(broker);
                // Exchanges are named after the message URN, not the CLR type: each service keeps its own copy
                // of a contract, and equal URNs must meet on the same exchange.
                rabbit.MessageTopology.SetEntityNameFormatter(new UrnEntityNameFormatter());
                configureBus?.Invoke(context, rabbit);
                rabbit.ConfigureEndpoints(context);
            });
        });
        builder.Services.AddHostedService<BusReadyBeforeListening>(); // after MassTransit's own: it starts the bus

        return builder;
    }

    /// <summary>
    /// Holds the host's start, and so Kestrel's listening, until the bus is ready, for at most <see cref="MaxWait"/>:
    /// with the broker up, no readiness probe finds the bus still starting, which MassTransit's check reports as
    /// Unhealthy and the health-check service logs as an error on a fresh start. A broker that is down delays the
    /// start by <see cref="MaxWait"/> and no more; the bus keeps connecting in the background.
    /// </summary>
    private sealed class BusReadyBeforeListening(IBusControl bus) : IHostedService
    {
        private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(10);

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            while (bus.CheckHealth().Status != BusHealthStatus.Healthy && System.Diagnostics.Stopwatch.GetElapsedTime(started) < MaxWait)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Connects to the broker of an amqp://user:password@host:port[/vhost] URI, with publisher confirms.</summary>
    public static void UseBroker(this IRabbitMqBusFactoryConfigurator rabbit, Uri broker) =>
        rabbit.Host(broker.Host, (ushort)(broker.IsDefaultPort ? 5672 : broker.Port), VirtualHost(broker), host =>
        {
            var credentials = broker.UserInfo.Split(':', 2);
            host.Username(Uri.UnescapeDataString(credentials[0]));
            host.Password(credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : "");
            host.PublisherConfirmation = true;
        });

    private static string VirtualHost(Uri broker) =>
        broker.AbsolutePath is "" or "/" ? "/" : Uri.UnescapeDataString(broker.AbsolutePath.TrimStart('/'));
}

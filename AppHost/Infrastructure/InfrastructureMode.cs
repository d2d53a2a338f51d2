namespace AppHost.Infrastructure;

/// <summary>How PostgreSQL, Redis, RabbitMQ and the SMTP catcher are run.</summary>
public enum InfrastructureMode
{
    /// <summary>Aspire's container integrations (needs a healthy Docker or Podman engine).</summary>
    Containers,

    /// <summary>Servers installed from Debian packages, run as Aspire executables (no container engine needed).</summary>
    Processes,
}

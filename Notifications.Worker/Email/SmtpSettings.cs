using System.Data.Common;
using MailKit.Security;

namespace Notifications.Worker.Email;

/// <summary>
/// The SMTP server, from the "mail" connection string: Endpoint=smtp://host:port (plain, or STARTTLS when
/// offered) or smtps://host:port (implicit TLS), with optional Username, Password and Security (a MailKit
/// <see cref="SecureSocketOptions"/> name: StartTls makes STARTTLS mandatory). Each key can also be set, or
/// overridden, in the "Smtp" settings section (Smtp:Endpoint, Smtp:Username, Smtp:Password, Smtp:Security),
/// so that a deployment keeps the password in its secret store rather than in the connection string.
/// </summary>
public sealed record SmtpSettings(Uri Endpoint, string? UserName, string? Password, SecureSocketOptions Security)
{
    public const string ConnectionName = "mail";
    public const string SectionName = "Smtp";

    public static SmtpSettings Parse(string connectionString) => Create(new DbConnectionStringBuilder { ConnectionString = connectionString }, null);

    public static SmtpSettings Load(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionName);
        var section = configuration.GetSection(SectionName);
        if (string.IsNullOrWhiteSpace(connectionString) && string.IsNullOrWhiteSpace(section["Endpoint"]))
        {
            throw new InvalidOperationException($"ConnectionStrings:{ConnectionName} (or {SectionName}:Endpoint) is not configured.");
        }

        return Create(new DbConnectionStringBuilder { ConnectionString = connectionString ?? "" }, section);
    }

    private static SmtpSettings Create(DbConnectionStringBuilder parts, IConfigurationSection? overrides)
    {
        string? Value(string key) => overrides?[key] is { Length: > 0 } value ? value
            : parts.TryGetValue(key, out var part) && part?.ToString() is { Length: > 0 } text ? text : null;

        if (!Uri.TryCreate(Value("Endpoint"), UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("smtp" or "smtps"))
        {
            throw new InvalidOperationException($"ConnectionStrings:{ConnectionName} needs Endpoint=smtp://host:port or smtps://host:port.");
        }

        var security = endpoint.Scheme == "smtps" ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable;
        if (Value("Security") is { } configured && !Enum.TryParse(configured, ignoreCase: true, out security))
        {
            throw new InvalidOperationException(
                $"SMTP Security is '{configured}'; expected one of {string.Join(", ", Enum.GetNames<SecureSocketOptions>())}.");
        }

        return new SmtpSettings(endpoint, Value("Username"), Value("Password"), security);
    }

    /// <summary>Host and port only: never the credentials (this goes into logs and spans).</summary>
    public override string ToString() => $"{Endpoint.Scheme}://{Endpoint.Host}:{Endpoint.Port} ({Security})";
}

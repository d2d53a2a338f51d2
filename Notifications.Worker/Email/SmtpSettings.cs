using System.Data.Common;

namespace Notifications.Worker.Email;

/// <summary>
/// The SMTP server, from the "mail" connection string: Endpoint=smtp://host:port (plain, or STARTTLS when
/// offered) or smtps://host:port (implicit TLS), with optional Username and Password.
/// </summary>
public sealed record SmtpSettings(Uri Endpoint, string? UserName, string? Password)
{
    public const string ConnectionName = "mail";

    public static SmtpSettings Parse(string connectionString)
    {
        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!parts.TryGetValue("Endpoint", out var endpoint) || !Uri.TryCreate(endpoint?.ToString(), UriKind.Absolute, out var uri)
            || uri.Scheme is not ("smtp" or "smtps"))
        {
            throw new InvalidOperationException($"ConnectionStrings:{ConnectionName} needs Endpoint=smtp://host:port or smtps://host:port.");
        }

        return new SmtpSettings(uri,
            parts.TryGetValue("Username", out var user) ? user?.ToString() : null,
            parts.TryGetValue("Password", out var password) ? password?.ToString() : null);
    }
}

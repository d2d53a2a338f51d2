using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Notifications.Worker.Email;

/// <summary>Ready when the SMTP server greets us (and accepts our credentials, if any).</summary>
internal sealed class SmtpHealthCheck(SmtpSettings settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await settings.ProbeAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or SmtpProtocolException or SmtpCommandException or AuthenticationException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, e.Message);
        }
    }
}

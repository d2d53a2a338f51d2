using MailKit.Net.Smtp;

namespace Notifications.Worker.Email;

public static class SmtpExtensions
{
    public static TBuilder AddSmtp<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddSingleton(SmtpSettings.Load(builder.Configuration));
        builder.Services.AddOptions<EmailSenderOptions>().BindConfiguration(EmailSenderOptions.SectionName)
            .Validate(options => options.TryGetSender(out _), $"{EmailSenderOptions.SectionName}:From must be a mailbox such as \"Shop <orders@shop.example>\".")
            .ValidateOnStart();
        builder.Services.AddSingleton<SmtpAvailability>();
        builder.Services.AddSingleton<SmtpEmailSender>();
        builder.Services.AddSingleton<SentRecordCommit>();
        builder.Services.AddHealthChecks().AddCheck<SmtpHealthCheck>("smtp");
        return builder;
    }

    /// <summary>Connects (authenticating, if configured) and says goodbye: the server is there and takes us.</summary>
    public static async Task ProbeAsync(this SmtpSettings settings, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient { Timeout = (int)timeout.TotalMilliseconds };
        await client.ConnectAsync(settings, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    public static async Task ConnectAsync(this SmtpClient client, SmtpSettings settings, CancellationToken cancellationToken)
    {
        await client.ConnectAsync(settings.Endpoint.Host, settings.Endpoint.Port, settings.Security, cancellationToken);
        if (!string.IsNullOrEmpty(settings.UserName))
        {
            await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", cancellationToken);
        }
    }
}

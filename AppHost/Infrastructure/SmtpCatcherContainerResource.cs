namespace AppHost.Infrastructure;

/// <summary>smtp4dev in a container: SMTP on 25, web UI and HTTP API on 80.</summary>
public sealed class SmtpCatcherContainerResource(string name) : ContainerResource(name), IResourceWithConnectionString
{
    public const string Image = "rnwood/smtp4dev";
    public const string Tag = "3.15.0"; // same release as the pinned dotnet tool
    public const string SmtpEndpointName = "smtp";
    public const string WebEndpointName = "http";

    private EndpointReference Smtp => new(this, SmtpEndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"Endpoint=smtp://{Smtp.Property(EndpointProperty.Host)}:{Smtp.Property(EndpointProperty.Port)}");
}

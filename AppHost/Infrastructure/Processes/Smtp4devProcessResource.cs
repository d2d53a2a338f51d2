namespace AppHost.Infrastructure.Processes;

/// <summary>smtp4dev, the SMTP catcher with a web UI, from the dotnet local tool pinned in .config/dotnet-tools.json.</summary>
public sealed class Smtp4devProcessResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string SmtpEndpointName = "smtp";
    public const string WebEndpointName = "http";

    public EndpointReference Smtp => new(this, SmtpEndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Endpoint=smtp://{Smtp.Property(EndpointProperty.IPV4Host)}:{Smtp.Property(EndpointProperty.Port)}");
}

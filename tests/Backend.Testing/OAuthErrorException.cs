using System.Net;

namespace Backend.Testing;

public sealed class OAuthErrorException(HttpStatusCode status, string error, string? description)
    : Exception($"{(int)status} {error}: {description}")
{
    public HttpStatusCode Status { get; } = status;
    public string Error { get; } = error;
    public string? Description { get; } = description;
}

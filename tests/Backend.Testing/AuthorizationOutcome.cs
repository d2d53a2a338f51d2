using System.Net;

namespace Backend.Testing;

/// <summary>The outcome of an authorization request, as a client app sees it: a code, an error, or neither.</summary>
public sealed record AuthorizationOutcome(HttpStatusCode Status, Uri? RedirectedTo, string? Code, string? Error, string? ErrorDescription, string? State,
    string? Body = null);

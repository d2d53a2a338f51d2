namespace Identity.Service.Links;

/// <summary>A link just issued: its id (the email's once-only key), the URL to send, and when it stops working.</summary>
public sealed record IssuedLink(Guid Id, Uri Url, DateTimeOffset ExpiresAt);

using MassTransit;

namespace ServiceDefaults.Messaging;

/// <summary>
/// Contracts carry an explicit, versioned <c>[MessageUrn("backend:orders:order-placed:v1")]</c>; the
/// exchange is the URN without its "urn:message:" prefix.
/// </summary>
public sealed class UrnEntityNameFormatter : IEntityNameFormatter
{
    private const string Prefix = "urn:message:";

    public string FormatEntityName<T>()
    {
        var urn = MessageUrn.ForTypeString<T>();
        return urn.StartsWith(Prefix, StringComparison.Ordinal) ? urn[Prefix.Length..] : urn;
    }
}

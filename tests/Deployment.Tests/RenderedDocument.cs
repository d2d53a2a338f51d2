using k8s;

namespace Deployment.Tests;

/// <summary>
/// One resource of a rendered overlay: its YAML as generic data (every resource, custom ones included) and, for
/// Kubernetes' own kinds, the official client's typed object read in strict mode (an unknown field fails).
/// </summary>
public sealed record RenderedDocument(string Yaml, IReadOnlyDictionary<object, object> Data, IKubernetesObject? Typed)
{
    public string ApiVersion => (string)Data["apiVersion"];

    public string Kind => (string)Data["kind"];

    public string Name => (string)((IDictionary<object, object>)Data["metadata"])["name"];

    public override string ToString() => $"{Kind}/{Name}";
}

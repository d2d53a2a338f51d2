using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using YamlDotNet.Serialization;

namespace Deployment.Tests;

/// <summary>An overlay of deploy/kubernetes as `kubectl kustomize` renders it, each document read once per test run.</summary>
public sealed class RenderedOverlay
{
    /// <summary>API groups of Kubernetes itself: their kinds must parse strictly with the official client.</summary>
    private static readonly HashSet<string> BuiltInApiVersions =
        ["v1", "apps/v1", "batch/v1", "policy/v1", "autoscaling/v2", "networking.k8s.io/v1", "rbac.authorization.k8s.io/v1"];

    private static readonly ConcurrentDictionary<string, Lazy<Task<RenderedOverlay>>> Rendered = new();

    public RenderedOverlay(string name, IReadOnlyList<RenderedDocument> documents)
    {
        Name = name;
        Documents = documents;
    }

    public string Name { get; }

    public IReadOnlyList<RenderedDocument> Documents { get; }

    public IEnumerable<T> OfType<T>() => Documents.Select(document => document.Typed).OfType<T>();

    /// <summary>Every pod template (Deployments, StatefulSets, Jobs) with the workload it belongs to.</summary>
    public IEnumerable<(string Workload, V1PodSpec Pod)> PodTemplates() =>
        OfType<V1Deployment>().Select(d => ($"Deployment/{d.Metadata.Name}", d.Spec.Template.Spec))
            .Concat(OfType<V1StatefulSet>().Select(s => ($"StatefulSet/{s.Metadata.Name}", s.Spec.Template.Spec)))
            .Concat(OfType<V1Job>().Select(j => ($"Job/{j.Metadata.Name}", j.Spec.Template.Spec)));

    public static Task<RenderedOverlay> LoadAsync(string overlay) =>
        Rendered.GetOrAdd(overlay, name => new Lazy<Task<RenderedOverlay>>(() => RenderAsync(name))).Value;

    private static async Task<RenderedOverlay> RenderAsync(string overlay)
    {
        var rendered = await CommandLine.RunAsync("kubectl", ["kustomize", RepositoryRoot.Combine("deploy", "kubernetes", overlay)], TimeSpan.FromMinutes(2));
        if (rendered.ExitCode != 0)
        {
            throw new InvalidOperationException($"kubectl kustomize {overlay} failed: {rendered.Describe()}");
        }

        var generic = new DeserializerBuilder().Build();
        var documents = new List<RenderedDocument>();
        foreach (var yaml in SplitDocuments(rendered.Output))
        {
            var data = generic.Deserialize<Dictionary<object, object>>(yaml);
            var typed = BuiltInApiVersions.Contains((string)data["apiVersion"])
                ? KubernetesYaml.LoadAllFromString(yaml, strict: true).Cast<IKubernetesObject>().Single()
                : null;
            documents.Add(new RenderedDocument(yaml, data, typed));
        }

        return new RenderedOverlay(overlay, documents);
    }

    private static IEnumerable<string> SplitDocuments(string output) =>
        output.ReplaceLineEndings("\n").Split("\n---\n").Where(document => !string.IsNullOrWhiteSpace(document));
}

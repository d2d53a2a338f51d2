using k8s.Models;

namespace Deployment.Tests;

/// <summary>Secrets are referenced, never committed: no Secret with a value, no credential in a literal setting.</summary>
public sealed partial class SecretTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task No_Secret_carries_a_value(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        var withValues = rendered.OfType<V1Secret>().Where(s => s.Data is { Count: > 0 } || s.StringData is { Count: > 0 }).Select(s => s.Metadata.Name);
        Assert.Empty(withValues);
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Every_credential_comes_from_a_Secret_reference(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);

        var literal = rendered.PodTemplates()
            .SelectMany(w => w.Pod.Containers.SelectMany(c => c.Env ?? []).Select(e => (w.Workload, Variable: e)))
            .Where(x => IsCredential(x.Variable))
            .Select(x => $"{x.Workload} {x.Variable.Name}");
        Assert.Empty(literal);

        var configMapCredentials = rendered.OfType<V1ConfigMap>().SelectMany(c => c.Data ?? new Dictionary<string, string>())
            .Where(kv => kv.Key.Contains("password", StringComparison.OrdinalIgnoreCase) || kv.Key.Contains("secret", StringComparison.OrdinalIgnoreCase)
                || LiteralConnectionPassword().IsMatch(kv.Value));
        Assert.Empty(configMapCredentials);
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Every_Secret_the_pods_read_is_named_in_the_README(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        var readme = await File.ReadAllTextAsync(RepositoryRoot.Combine("README.md"), TestContext.Current.CancellationToken);

        var secrets = rendered.PodTemplates().SelectMany(w =>
                w.Pod.Containers.SelectMany(c => c.Env ?? []).Select(e => e.ValueFrom?.SecretKeyRef?.Name)
                    .Concat((w.Pod.Volumes ?? []).Select(v => v.Secret?.SecretName)))
            .Concat(rendered.OfType<V1Ingress>().SelectMany(i => i.Spec.Tls ?? []).Select(t => t.SecretName))
            .OfType<string>().Distinct().ToList();
        // Operators write some of them (CloudNativePG's <cluster>-app, the RabbitMQ operator's messaging-default-user):
        // the README says which, and how to create the others.
        Assert.NotEmpty(secrets);
        Assert.All(secrets, secret => Assert.Contains($"`{secret}`", readme, StringComparison.Ordinal));
    }

    /// <summary>A variable named like a credential with a literal value, or a connection string with a literal password.</summary>
    private static bool IsCredential(V1EnvVar variable)
    {
        var named = variable.Name.Contains("PASSWORD", StringComparison.OrdinalIgnoreCase) || variable.Name.Contains("SECRET", StringComparison.OrdinalIgnoreCase);
        if (named)
        {
            return variable.Value is not null;
        }

        var value = variable.Value ?? "";
        var at = value.IndexOf("Password=", StringComparison.OrdinalIgnoreCase);
        var literalPassword = at >= 0 && !value.AsSpan(at + "Password=".Length).StartsWith("$(", StringComparison.Ordinal);
        var literalUserInfo = value.Contains("://", StringComparison.Ordinal) && value.Contains('@', StringComparison.Ordinal) && !value.Contains(":$(", StringComparison.Ordinal);
        return literalPassword || literalUserInfo;
    }

    /// <summary>A connection string's password given as text, not as a $(VARIABLE) from a Secret.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"Password=(?!\$\()[^;\s]+")]
    private static partial System.Text.RegularExpressions.Regex LiteralConnectionPassword();
}

namespace Deployment.Tests;

/// <summary>The overlays under deploy/kubernetes, as test data.</summary>
public static class Overlays
{
    public static TheoryData<string> All => new("dev", "production");

    /// <summary>The five services' Deployments (their images are backend/&lt;name&gt;).</summary>
    public static readonly string[] Services = ["gateway", "identity", "users", "orders", "notifications"];
}

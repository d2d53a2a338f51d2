namespace Storefront.Tests;

/// <summary>Where the repository's web app is, and where the tests leave their screenshots.</summary>
public static class WebApp
{
    public static string Repository { get; } = FindRepository();

    public static string Built => Path.Combine(Repository, "WebApp", "dist");

    /// <summary>artifacts/screenshots (git-ignored): CI keeps it; the README's images are copied from it by hand.</summary>
    public static string Screenshots => Path.Combine(Repository, "artifacts", "screenshots");

    private static string FindRepository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Backend.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Backend.sln above {AppContext.BaseDirectory}.");
    }
}

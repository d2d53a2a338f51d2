namespace Deployment.Tests;

/// <summary>The clone the tests run from: the folder holding Backend.sln, above the test's output folder.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Backend.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Backend.sln above {AppContext.BaseDirectory}.");
    }
}

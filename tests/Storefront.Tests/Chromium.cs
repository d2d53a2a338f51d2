namespace Storefront.Tests;

/// <summary>The browser the tests drive: Debian's chromium (test.sh installs it), or another one named by CHROMIUM_PATH.</summary>
public static class Chromium
{
    public static string ExecutablePath
    {
        get
        {
            var path = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException($"No browser at {path}: install Debian's 'chromium' package (test.sh does), or set CHROMIUM_PATH.");
        }
    }
}

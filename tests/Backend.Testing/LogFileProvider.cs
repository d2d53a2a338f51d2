using Microsoft.Extensions.Logging;

namespace Backend.Testing;

/// <summary>Writes every log entry of the host to one file (see <see cref="BackendAppOptions.LogFile"/>).</summary>
internal sealed class LogFileProvider : ILoggerProvider
{
    private readonly StreamWriter _writer;

    public LogFileProvider(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { AutoFlush = true };
    }

    public ILogger CreateLogger(string categoryName) => new LogFileLogger(categoryName, Write);

    /// <summary>Entries come from many threads at once: one line (and its exception) at a time.</summary>
    private void Write(string entry)
    {
        lock (_writer)
        {
            _writer.WriteLine(entry);
        }
    }

    public void Dispose()
    {
        lock (_writer)
        {
            _writer.Dispose();
        }
    }
}

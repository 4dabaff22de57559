using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Complaints.Testing;

/// <summary>The host's warnings and errors, kept so that a test can show what happened server-side.</summary>
public sealed class HostLog
{
    private readonly ConcurrentQueue<(long Seq, string Line)> lines = new();
    private long seq;

    public long Position => Interlocked.Read(ref seq);

    public void Add(string line)
    {
        var n = Interlocked.Increment(ref seq);
        lines.Enqueue((n, line));
        while (lines.Count > 2000 && lines.TryDequeue(out _))
        {
        }
    }

    public IReadOnlyList<string> Since(long position) => [.. lines.Where(l => l.Seq > position).Select(l => l.Line)];
}

public sealed class CapturingLoggerProvider(HostLog log) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, log);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, HostLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Add($"[{logLevel}] {category} ({eventId.Id}): {formatter(state, exception)}{(exception is null ? string.Empty : " :: " + exception.GetType().Name + ": " + exception.Message)}");
            }
        }
    }
}

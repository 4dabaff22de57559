using System.ComponentModel.DataAnnotations;

namespace Complaints.Pipeline.Workers;

/// <summary>How the hosted queue workers poll. Bound from <c>Complaints:Workers</c>.</summary>
public sealed class QueueWorkerOptions
{
    public const string Section = "Complaints:Workers";

    /// <summary>Messages taken per receive (the service allows 32).</summary>
    [Range(1, 32)] public int BatchSize { get; set; } = 16;

    /// <summary>Messages handled at once per queue.</summary>
    [Range(1, 256)] public int MaxParallelism { get; set; } = 16;

    /// <summary>How long a received message stays hidden while it is handled.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")] public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A message that fails this many times moves to <c>&lt;queue&gt;-poison</c>.</summary>
    [Range(1, 100)] public int MaxDequeueCount { get; set; } = 5;

    /// <summary>The first wait after an empty receive; it doubles up to <see cref="MaxIdleDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")] public TimeSpan MinIdleDelay { get; set; } = TimeSpan.FromMilliseconds(25);

    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00")] public TimeSpan MaxIdleDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the outbox sweeper looks for outboxes a crash left behind, and how old they must be.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")] public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")] public TimeSpan SweepAge { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Run the queue workers in this process (the local host does; an API-only host would not).</summary>
    public bool Enabled { get; set; } = true;
}

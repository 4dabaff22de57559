using System.ComponentModel.DataAnnotations;

namespace Complaints.LocalHost.Durable;

/// <summary>
/// The local host's Durable Task engine (the Durable Task Framework with the Azure Storage provider, on the account
/// of <c>AzureWebJobsStorage</c>). Bound from <c>Complaints:Durable</c>. The defaults suit one machine: the
/// provider's own defaults (30 s polling, 5 min visibility timeouts, 30 s leases) make a killed host's work wait
/// about five minutes before another takes it over. Documented in docs/operations.md.
/// </summary>
public sealed class LocalDurableOptions
{
    public const string Section = "Complaints:Durable";

    /// <summary>
    /// The task hub: its queues, tables and lease blobs are named after it. Hosts that share an account and a hub are
    /// competing workers of the same orchestrations; a different hub is a separate, invisible world. Unset, it is
    /// <c>complaints</c> followed by the storage prefix (<c>Complaints:Storage:Prefix</c>), so that pipelines kept apart
    /// by their prefix on one account also keep their orchestrations apart.
    /// </summary>
    [Required, RegularExpression("^[A-Za-z][A-Za-z0-9]{2,44}$", ErrorMessage = "A task hub name is 3 to 45 letters and digits, starting with a letter.")]
    public string TaskHubName { get; set; } = string.Empty;

    public const string DefaultTaskHubName = "complaints";

    /// <summary>Control-queue partitions: how many workers can share the orchestrations.</summary>
    [Range(1, 16)] public int PartitionCount { get; set; } = 4;

    /// <summary>The longest wait between polls of an idle queue (the provider backs off up to this).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")] public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a control-queue message a worker took stays hidden: a killed worker's message reappears after this. The
    /// provider never renews a control message, so this must cover the message's wait in the worker's buffer plus its
    /// processing: at 30 s a loaded machine (2 cores, load average 5) redelivered 7 % of them while the first copy was
    /// still being worked on, and each duplicate's delete failed on its pop receipt (bench run of 2026-12-01 13:28).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:10:00")] public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// How many control-queue messages a worker holds in memory before it stops fetching more (the provider's default is
    /// 64). Messages beyond what the orchestration dispatchers are working on only wait, their visibility running out;
    /// kept near <see cref="MaxConcurrentOrchestrations"/>, the backlog waits in the queue instead, visible to other workers.
    /// </summary>
    [Range(1, 1000)] public int ControlQueueBufferThreshold { get; set; } = 32;

    /// <summary>How many control-queue messages one fetch takes (at most 32, the queue service's limit).</summary>
    [Range(1, 32)] public int ControlQueueBatchSize { get; set; } = 16;

    [Range(typeof(TimeSpan), "00:00:05", "00:10:00")] public TimeSpan WorkItemQueueVisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A partition's lease: a killed worker's partitions pass to another after this.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:05:00")] public TimeSpan LeaseInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often a worker renews its leases and looks for free ones (shorter than <see cref="LeaseInterval"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")] public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the provider's table partition manager waits for one of its table operations before it gives up its
    /// partitions (its default, 2 s, is shorter than Azurite's pauses under load: a lone host then dropped its own leases).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:05:00")] public TimeSpan PartitionTableOperationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Keep an orchestration in memory between its wake-ups for <see cref="ExtendedSessionIdleTimeout"/>, so the next one
    /// need not read its history back (on Azurite each history read scans the whole history table).
    /// </summary>
    public bool ExtendedSessions { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")] public TimeSpan ExtendedSessionIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    [Range(1, 256)] public int MaxConcurrentActivities { get; set; } = 16;

    [Range(1, 256)] public int MaxConcurrentOrchestrations { get; set; } = 16;

    /// <summary>Run the engine's worker in this process (an API-only host would not; it still starts and reads orchestrations).</summary>
    public bool WorkerEnabled { get; set; } = true;
}

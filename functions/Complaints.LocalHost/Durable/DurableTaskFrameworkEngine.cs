using Azure.Core;
using Azure.Core.Pipeline;
using Complaints.Storage.Gateway;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Options;

namespace Complaints.LocalHost.Durable;

/// <summary>
/// The Durable Task Framework in this process: an <see cref="AzureStorageOrchestrationService"/> task hub on the
/// pipeline's storage account, a <see cref="TaskHubWorker"/> that runs the shared orchestrator and activities through
/// Microsoft.DurableTask's public shims, and the <see cref="TaskHubClient"/> the pipeline starts and notifies
/// orchestrations with. The same orchestration classes run in Azure Functions; only this adapter is local.
/// </summary>
/// <remarks>
/// Pitfalls this class handles (measured on 2026-12-01, see ADR 0007): every <c>ObjectCreator.Create()</c> returns a
/// new shim (shims keep per-run state); orchestrations are registered and started with version "" (the shim schedules
/// activities with the orchestration's version); the client's data converter forwards to Microsoft.DurableTask's
/// System.Text.Json converter, as the shims read; each process has its own worker id (two hosts on one machine would
/// otherwise both believe they own the same partitions).
/// </remarks>
public sealed class DurableTaskFrameworkEngine : IAsyncDisposable
{
    private readonly AzureStorageOrchestrationService _service;
    private readonly TaskHubWorker? _worker;
    private bool _started;
    private Task? _stopping;

    public DurableTaskFrameworkEngine(
        StorageEndpoints storage,
        LocalDurableOptions options,
        IEnumerable<KeyValuePair<string, Func<ITaskOrchestrator>>> orchestrations,
        IEnumerable<KeyValuePair<string, Func<ITaskActivity>>> activities,
        ILoggerFactory loggerFactory,
        Func<string, HttpPipelinePolicy>? storagePolicy = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(orchestrations);
        ArgumentNullException.ThrowIfNull(activities);
        var connectionString = storage.ConnectionString
            ?? throw new InvalidOperationException("The local Durable engine needs AzureWebJobsStorage as a connection string (Azurite); managed identity is for the Azure Functions host.");
        Options = options;
        _service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.TaskHubName,
            StorageAccountClientProvider = ClientProvider(connectionString, storagePolicy),
            PartitionCount = options.PartitionCount,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,
            ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
            ControlQueueBufferThreshold = options.ControlQueueBufferThreshold,
            ControlQueueBatchSize = options.ControlQueueBatchSize,
            WorkItemQueueVisibilityTimeout = options.WorkItemQueueVisibilityTimeout,
            LeaseInterval = options.LeaseInterval,
            LeaseRenewInterval = options.LeaseRenewInterval,
            LeaseAcquireInterval = options.LeaseRenewInterval,
            MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
            WorkerId = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}",
            UseAppLease = false,
            PartitionTableOperationTimeout = options.PartitionTableOperationTimeout,
            ExtendedSessionsEnabled = options.ExtendedSessions,
            ExtendedSessionIdleTimeout = options.ExtendedSessionIdleTimeout,
            LoggerFactory = loggerFactory,
        });

        var shims = new DurableTaskShimFactory(null, loggerFactory);
        if (options.WorkerEnabled)
        {
            _worker = new TaskHubWorker(_service, loggerFactory);
            _worker.AddTaskOrchestrations([.. orchestrations.Select(o => new ShimCreator<TaskOrchestration>(o.Key, () => shims.CreateOrchestration(o.Key, o.Value())))]);
            _worker.AddTaskActivities([.. activities.Select(a => new ShimCreator<TaskActivity>(a.Key, () => shims.CreateActivity(a.Key, a.Value())))]);
        }

        Client = new TaskHubClient(_service, new SystemTextJsonDataConverter(), loggerFactory);
    }

    public LocalDurableOptions Options { get; }

    /// <summary>The client side of the task hub (start, raise, state, history).</summary>
    public TaskHubClient Client { get; }

    /// <summary>
    /// Deletes the instance rows, history and large-message blobs of every orchestration that completed and whose
    /// current generation started before <paramref name="createdBeforeUtc"/>; returns how many instances went.
    /// </summary>
    public async Task<int> PurgeCompletedAsync(DateTime createdBeforeUtc)
    {
        var result = await ((IOrchestrationServicePurgeClient)_service).PurgeInstanceStateAsync(
            new PurgeInstanceFilter(DateTime.UnixEpoch, createdBeforeUtc, [OrchestrationStatus.Completed]));
        return result.DeletedInstanceCount;
    }

    /// <summary>Creates the task hub's queues, tables and containers if missing, then starts the worker (if enabled).</summary>
    public async Task StartAsync()
    {
        await _service.CreateIfNotExistsAsync();
        if (_worker is not null)
        {
            await _worker.StartAsync();
        }

        _started = true;
    }

    /// <summary>
    /// Stops taking work; work in flight is abandoned to be taken again (by this or another worker). When storage does
    /// not answer, the worker's stop can wait on it indefinitely, so the wait ends with <paramref name="cancellationToken"/>
    /// (the host's shutdown timeout): nothing is lost, the leases expire and the messages become visible again.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!_started || _worker is null)
        {
            return;
        }

        _stopping ??= _worker.StopAsync(isForced: true);
        await _stopping.WaitAsync(cancellationToken);
        _started = false;
    }

    public async ValueTask DisposeAsync()
    {
        using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await StopAsync(stopTimeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Storage did not answer the stop; the worker is left to the process's end (see StopAsync).
            return;
        }

        _worker?.Dispose();
    }

    private static StorageAccountClientProvider ClientProvider(string connectionString, Func<string, HttpPipelinePolicy>? policy)
    {
        if (policy is null)
        {
            return new StorageAccountClientProvider(connectionString);
        }

        var blobs = new Azure.Storage.Blobs.BlobClientOptions();
        var queues = new Azure.Storage.Queues.QueueClientOptions();
        var tables = new Azure.Data.Tables.TableClientOptions();
        blobs.AddPolicy(policy("blob"), HttpPipelinePosition.PerCall);
        queues.AddPolicy(policy("queue"), HttpPipelinePosition.PerCall);
        tables.AddPolicy(policy("table"), HttpPipelinePosition.PerCall);
        return new StorageAccountClientProvider(
            StorageServiceClientProvider.ForBlob(connectionString, blobs),
            StorageServiceClientProvider.ForQueue(connectionString, queues),
            StorageServiceClientProvider.ForTable(connectionString, tables));
    }

    /// <summary>A fresh object per <see cref="Create"/>: the shims keep per-run state. Version "" is what the shim schedules activities with.</summary>
    private sealed class ShimCreator<T> : ObjectCreator<T>
    {
        private readonly Func<T> _create;

        public ShimCreator(string name, Func<T> create)
        {
            Name = name;
            Version = string.Empty;
            _create = create;
        }

        public override T Create() => _create();
    }
}

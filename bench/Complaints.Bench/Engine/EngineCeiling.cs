using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Complaints.LocalHost.Durable;
using Complaints.Storage.Gateway;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Complaints.Bench.Engine;

/// <summary>
/// What one probe orchestration does: <see cref="Activities"/> no-op activity calls spread evenly before, between
/// and after its waits; <see cref="Events"/> waits for an external event, the first <see cref="RacingTimers"/> of them
/// racing a durable timer of <see cref="TimerHours"/> that loses and is cancelled (as a complaint's deadline timer loses
/// to the next change); then <see cref="FiredTimers"/> one-second timers that fire.
/// </summary>
public sealed record ProbeInput(int Activities, int Events, int RacingTimers, int FiredTimers, double TimerHours);

/// <summary>The shape to copy, per instance on average (from a complaint run's history).</summary>
public sealed record TargetShape(double Activities, double Events, double RacingTimers, double FiredTimers, double TimerHours);

public sealed record EngineCeilingResult(
    string TaskHub,
    int Orchestrations,
    int InFlight,
    int Completed,
    bool AllCompleted,
    double Seconds,
    double OrchestrationsPerSecond,
    TargetShape Target,
    OrchestrationShape Measured,
    IReadOnlyDictionary<string, double> TaskHubRequestsPerOrchestration,
    double TaskHubRequestsPerOrchestrationTotal,
    double RequestsPerWakeUp,
    IReadOnlyList<string> NotCompleted,
    LocalDurableOptions Options);

/// <summary>
/// The engine's own ceiling on this machine: <see cref="DurableTaskFrameworkEngine"/>, the class the local host runs,
/// with the host's settings but its own task hub, in this process, running a trivial orchestration shaped like an
/// average complaint's (<see cref="ProbeInput"/>) and a no-op activity. The bench raises each external event as soon as
/// the orchestration waits for it (the orchestrator says so, outside replay), so every event is a wake-up of its own,
/// as a complaint's are. The rate is orchestrations completed per second, first start to last completion, with at
/// most <c>inFlight</c> running at once.
/// </summary>
public sealed class EngineCeiling
{
    public const string OrchestrationName = "EngineCeilingProbe";
    public const string ActivityName = "EngineCeilingNoOp";
    public const string EventName = "ProbeEvent";

    private readonly ConcurrentDictionary<string, int> _raised = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _completed = new(StringComparer.Ordinal);
    private readonly Channel<(string Id, int Index)> _waiting = Channel.CreateUnbounded<(string, int)>();
    private readonly ConcurrentDictionary<string, long> _requests = new(StringComparer.Ordinal);
    private SemaphoreSlim? _slots;
    private TaskCompletionSource? _allDone;
    private long _lastCompletion;
    private int _target;

    /// <summary>Per-instance integer counts whose sum over the first <paramref name="n"/> instances is round(n × average).</summary>
    public static int Share(int index, double average) =>
        (int)(Math.Floor(((index + 1) * average) + 0.5) - Math.Floor((index * average) + 0.5));

    public static ProbeInput InputFor(int index, TargetShape shape)
    {
        var events = Share(index, shape.Events);
        return new ProbeInput(Share(index, shape.Activities), events, Math.Min(events, Share(index, shape.RacingTimers)), Share(index, shape.FiredTimers), shape.TimerHours);
    }

    public async Task<EngineCeilingResult> RunAsync(
        string connectionString,
        LocalDurableOptions options,
        TargetShape shape,
        int orchestrations,
        int inFlight,
        TimeSpan timeout,
        string logFile,
        Action<string> progress,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(progress);
        _target = orchestrations;
        _slots = new SemaphoreSlim(Math.Max(1, inFlight));
        _allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var loggers = LoggerFactory.Create(b => b.AddProvider(new FileLoggerProvider(logFile, LogLevel.Warning)));
        var engine = new DurableTaskFrameworkEngine(
            StorageEndpoints.FromConnectionString(connectionString),
            options,
            [KeyValuePair.Create<string, Func<ITaskOrchestrator>>(OrchestrationName, () => new ProbeOrchestration(this))],
            [KeyValuePair.Create<string, Func<ITaskActivity>>(ActivityName, () => new NoOpActivity())],
            loggers,
            service => new RequestCounter(_requests, service));
        var run = Guid.NewGuid().ToString("N")[..6];
        var ids = Enumerable.Range(0, orchestrations).Select(i => $"probe{run}{i.ToString("D6", CultureInfo.InvariantCulture)}").ToList();
        var clock = Stopwatch.StartNew();
        var started = Stopwatch.GetTimestamp();
        var timedOut = false;
        try
        {
            progress($"task hub {options.TaskHubName}: creating it and starting the worker");
            await engine.StartAsync();
            _requests.Clear(); // the hub's creation is not the orchestrations' cost
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var raisers = Enumerable.Range(0, 8).Select(_ => RaiseAsync(engine, stop.Token)).ToList();
            clock.Restart();
            started = Stopwatch.GetTimestamp();
            var starter = Task.Run(async () =>
            {
                for (var i = 0; i < ids.Count && !stop.IsCancellationRequested; i++)
                {
                    await _slots.WaitAsync(stop.Token);
                    await engine.Client.CreateOrchestrationInstanceAsync(OrchestrationName, string.Empty, ids[i], InputFor(i, shape));
                }
            }, stop.Token);
            using (var reporter = new PeriodicTimer(TimeSpan.FromSeconds(10)))
            {
                var finished = _allDone.Task.WaitAsync(timeout, ct);
                while (!finished.IsCompleted)
                {
                    await Task.WhenAny(finished, reporter.WaitForNextTickAsync(ct).AsTask());
                    if (!finished.IsCompleted)
                    {
                        progress($"{_completed.Count}/{orchestrations} completed after {clock.Elapsed.TotalSeconds:F0} s");
                    }
                }

                try
                {
                    await finished;
                }
                catch (TimeoutException)
                {
                    timedOut = true;
                }
            }

            await stop.CancelAsync();
            await Task.WhenAll(raisers.Append(starter).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        }
        finally
        {
            await engine.DisposeAsync();
        }

        var completedAt = Interlocked.Read(ref _lastCompletion);
        var seconds = timedOut || completedAt == 0 ? clock.Elapsed.TotalSeconds : Stopwatch.GetElapsedTime(started, completedAt).TotalSeconds;

        // Read back what the engine recorded: statuses and the probe's own history shape.
        var reader = new TaskHubReader(new TableServiceClient(connectionString), new QueueServiceClient(connectionString), new TaskHubNames(options.TaskHubName, options.PartitionCount));
        var idSet = ids.ToHashSet(StringComparer.Ordinal);
        var instances = await reader.ReadInstancesAsync(ct);
        var notCompleted = ids.Where(id => !instances.TryGetValue(id, out var row) || row.Status != "Completed")
            .Select(id => $"{id}: {(instances.TryGetValue(id, out var row) ? row.Status : "missing")}").ToList();
        var measured = await reader.ReadShapeAsync(idSet, ct);
        var completed = _completed.Count;
        var perOrchestration = new SortedDictionary<string, double>(
            _requests.ToDictionary(p => p.Key, p => Math.Round(p.Value / (double)Math.Max(1, completed), 2)), StringComparer.Ordinal);
        var total = Math.Round(_requests.Values.Sum() / (double)Math.Max(1, completed), 2);
        return new EngineCeilingResult(
            options.TaskHubName,
            orchestrations,
            inFlight,
            completed,
            completed == orchestrations && notCompleted.Count == 0,
            Math.Round(seconds, 2),
            Math.Round(completed / Math.Max(0.001, seconds), 2),
            shape,
            measured,
            perOrchestration,
            total,
            measured.WakeUps > 0 ? Math.Round(total / measured.WakeUps, 2) : 0,
            [.. notCompleted.Take(20)],
            options);
    }

    private void Waiting(string instanceId, int index) => _waiting.Writer.TryWrite((instanceId, index));

    private void Completed(string instanceId)
    {
        if (_completed.TryAdd(instanceId, 0))
        {
            Interlocked.Exchange(ref _lastCompletion, Stopwatch.GetTimestamp());
            _slots!.Release();
            if (_completed.Count >= _target)
            {
                _allDone!.TrySetResult();
            }
        }
    }

    /// <summary>Raises event <c>index</c> once per instance, in order (a repeated non-replay pass would signal again).</summary>
    private async Task RaiseAsync(DurableTaskFrameworkEngine engine, CancellationToken ct)
    {
        try
        {
            await foreach (var (id, index) in _waiting.Reader.ReadAllAsync(ct))
            {
                var previous = _raised.GetOrAdd(id, -1);
                if (index != previous + 1 || !_raised.TryUpdate(id, index, previous))
                {
                    continue;
                }

                await engine.Client.RaiseEventAsync(new DurableTask.Core.OrchestrationInstance { InstanceId = id }, EventName, index);
            }
        }
        catch (OperationCanceledException)
        {
            // Done.
        }
    }

    /// <summary>The trivial orchestration (see <see cref="ProbeInput"/>). Deterministic: it reads only its input and the orchestration clock.</summary>
    private sealed class ProbeOrchestration(EngineCeiling probe) : TaskOrchestrator<ProbeInput, int>
    {
        public override async Task<int> RunAsync(TaskOrchestrationContext context, ProbeInput input)
        {
            ArgumentNullException.ThrowIfNull(context);
            ArgumentNullException.ThrowIfNull(input);
            var waits = input.Events + input.FiredTimers;
            var calls = 0;
            for (var segment = 0; segment <= waits; segment++)
            {
                var n = (input.Activities / (waits + 1)) + (segment < input.Activities % (waits + 1) ? 1 : 0);
                for (var a = 0; a < n; a++)
                {
                    calls += await context.CallActivityAsync<int>(ActivityName, 1);
                }

                if (segment == waits)
                {
                    break;
                }

                if (segment < input.Events)
                {
                    var change = context.WaitForExternalEvent<int>(EventName);
                    if (!context.IsReplaying)
                    {
                        probe.Waiting(context.InstanceId, segment);
                    }

                    if (segment < input.RacingTimers)
                    {
                        using var timerCts = new CancellationTokenSource();
                        var timer = context.CreateTimer(context.CurrentUtcDateTime.AddHours(input.TimerHours), timerCts.Token);
                        if (await Task.WhenAny(timer, change) == change)
                        {
                            timerCts.Cancel();
                        }
                    }
                    else
                    {
                        await change;
                    }
                }
                else
                {
                    await context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(1), CancellationToken.None);
                }
            }

            if (!context.IsReplaying)
            {
                probe.Completed(context.InstanceId);
            }

            return calls;
        }
    }

    private sealed class NoOpActivity : TaskActivity<int, int>
    {
        public override Task<int> RunAsync(TaskActivityContext context, int input) => Task.FromResult(input);
    }

    /// <summary>Counts the probe hub's requests as the host counts its own (<c>taskhub.&lt;service&gt;.&lt;method&gt;</c>).</summary>
    private sealed class RequestCounter(ConcurrentDictionary<string, long> counts, string service) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            ArgumentNullException.ThrowIfNull(message);
            counts.AddOrUpdate($"taskhub.{service}.{message.Request.Method.Method.ToLowerInvariant()}", 1, (_, n) => n + 1);
        }
    }
}

/// <summary>Warnings and errors of the in-process engine, to a file beside the results.</summary>
public sealed class FileLoggerProvider(string path, LogLevel minimum) : ILoggerProvider
{
    private readonly StreamWriter _writer = new(path, append: true) { AutoFlush = true };

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName, minimum);

    public void Dispose() => _writer.Dispose();

    private void Write(string line)
    {
        lock (_writer)
        {
            _writer.WriteLine(line);
        }
    }

    private sealed class FileLogger(FileLoggerProvider provider, string category, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write($"{DateTime.UtcNow:O} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception)}");
            }
        }
    }
}

using Complaints.Storage.Gateway;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Complaints.Storage.Stores;

/// <summary>
/// Tells the intake stage that filings are waiting in the intake table, with as few queue messages as possible: at
/// most one message per process is in flight, and every shard rung meanwhile goes out in the next one. Under load
/// many filings share one message; at a trickle each filing sends its own, right away.
/// A lost ring (the send failed, the process died) delays a filing but never loses it: the sweeper rings for
/// shards whose filings wait longer than the sweep age.
/// </summary>
public sealed partial class IntakeDoorbell(IQueueGateway queues, StorageNames names, ILogger<IntakeDoorbell>? logger = null)
{
    private readonly Lock _gate = new();
    private readonly ILogger _logger = logger ?? NullLogger<IntakeDoorbell>.Instance;
    private HashSet<string> _pending = new(StringComparer.Ordinal);
    private bool _sending;

    /// <summary>
    /// Rings for <paramref name="shard"/>. When no message is in flight, sends one and returns once it is on the
    /// queue; otherwise the shard joins the next message, which follows as soon as the one in flight is sent, and
    /// this returns at once. Never throws for a failed send (it is logged, and the sweeper rings again later).
    /// </summary>
    public async Task RingAsync(string shard)
    {
        lock (_gate)
        {
            _pending.Add(shard);
            if (_sending)
            {
                return;
            }

            _sending = true;
        }

        await SendPendingAsync();
        if (HasMoreToSend())
        {
            // Shards rung while this message was in flight: send them without holding up this caller.
            _ = Task.Run(FollowUpAsync);
        }
    }

    private async Task FollowUpAsync()
    {
        do
        {
            await SendPendingAsync();
        }
        while (HasMoreToSend());
    }

    /// <summary>Releases the in-flight flag when nothing is pending; otherwise keeps it and says so.</summary>
    private bool HasMoreToSend()
    {
        lock (_gate)
        {
            if (_pending.Count > 0)
            {
                return true;
            }

            _sending = false;
            return false;
        }
    }

    private async Task SendPendingAsync()
    {
        HashSet<string> shards;
        lock (_gate)
        {
            shards = _pending;
            _pending = new HashSet<string>(StringComparer.Ordinal);
        }

        if (shards.Count == 0)
        {
            return;
        }

        try
        {
            // Not the caller's token: the message serves every filing that joined it.
            await queues.SendAsync(names.IntakeQueue, QueueMessages.IntakeShards([.. shards.Order(StringComparer.Ordinal)]), null, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRingFailed(_logger, e, shards.Count);
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "The intake doorbell for {ShardCount} shard(s) was not sent; the sweeper will ring again")]
    private static partial void LogRingFailed(ILogger logger, Exception exception, int shardCount);
}

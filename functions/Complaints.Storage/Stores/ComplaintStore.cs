using System.Globalization;
using Complaints.Core;
using Complaints.Core.Disclosure;
using Complaints.Core.Ports;
using Complaints.Storage.Gateway;

namespace Complaints.Storage.Stores;

/// <summary>A message the complaint's outbox holds until it is on its queue.</summary>
public sealed record OutboxMessage(string Queue, string Body);

/// <summary>
/// One partition per complaint: the "state" row, append-only "event-NNNNNNNNNN" rows (the audit trail), the
/// "content" row (the consumer's narrative) and "outbox-…" rows. Every write is one entity-group transaction
/// guarded by the state row's ETag; a lost race re-reads and decides again, so no update is lost and no event is
/// written twice. After the commit the outbox goes to its queue; a marker in the outbox index lets the sweeper
/// finish the job if the process dies in between.
/// Filing is different: it is one insert into the intake table (<see cref="IntakeStore"/>) and a ring of the
/// <see cref="IntakeDoorbell"/>; the intake stage records the complaint from it (<see cref="RecordAsync"/>), and so
/// does the first read that finds the filing still waiting, so a complaint can be read the moment it is filed.
/// </summary>
public sealed class ComplaintStore(
    ITableGateway tables,
    IQueueGateway queues,
    StorageNames names,
    ComplaintDecider decider,
    IntakeDoorbell doorbell,
    TimeProvider clock) : IComplaintStore
{
    private readonly IntakeStore _intake = new(tables, names);
    private readonly ContactStore _contacts = new(tables, names);

    private const string StateRow = "state";
    private const string ContentRow = "content";
    private const string EventPrefix = "event-";
    private const string OutboxPrefix = "outbox-";
    private const int OutboxShards = 16;
    private const int MaxAttempts = 20;

    public static string EventRowKey(long version) => EventPrefix + version.ToString("D10", CultureInfo.InvariantCulture);

    public async Task<StoredComplaint?> GetAsync(ComplaintId id, CancellationToken cancellationToken)
    {
        var row = await ReadStateRowAsync(id, cancellationToken);
        return row is null ? null : new StoredComplaint(ReadState(row), row.GetString("TokenHash") ?? string.Empty, row.ETag);
    }

    /// <summary>
    /// Records the complaint of an accepted filing: the contact (unless one is stored), then the state, content and
    /// Filed event rows in one transaction. Recording it again changes nothing, so the intake stage and a reader
    /// may both do it.
    /// </summary>
    /// <returns>The events this call recorded (the Filed event, version 1); none when it was recorded already.</returns>
    public async Task<IReadOnlyList<RecordedEvent>> RecordAsync(AcceptedFiling filing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filing);
        await _contacts.AddAsync(filing.Command.Id, filing.Contact, cancellationToken);
        var events = decider.Decide(filing.Command, Complaint.Initial);
        if (events.Count == 0)
        {
            return [];
        }

        try
        {
            await tables.SubmitTransactionAsync(names.ComplaintsTable, FilingRows(filing.Command.Id, Fold(Complaint.Initial, events), events, filing.Content, filing.TrackingTokenHash), cancellationToken);
            return [.. events.Select((e, i) => new RecordedEvent(i + 1, e))];
        }
        catch (StorageConflictException)
        {
            // Recorded already (by the intake stage or by a reader).
            return [];
        }
    }

    /// <summary>The state row; for a filing still waiting in the intake table, records it first.</summary>
    private async Task<TableRow?> ReadStateRowAsync(ComplaintId id, CancellationToken cancellationToken)
    {
        var row = await tables.GetAsync(names.ComplaintsTable, id.Value, StateRow, cancellationToken);
        if (row is not null)
        {
            return row;
        }

        if (await _intake.GetAsync(id, cancellationToken) is { } filing)
        {
            await RecordAsync(filing, cancellationToken);
        }

        // Read again either way: the intake stage removes a filing only after recording it, so a filing that was
        // gone by the second read had been recorded after the first.
        return await tables.GetAsync(names.ComplaintsTable, id.Value, StateRow, cancellationToken);
    }

    public async Task<CommandOutcome> FileAsync(
        ComplaintCommand.FileComplaint command,
        ComplaintContent content,
        ConsumerContact contact,
        string trackingTokenHash,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(contact);

        // The rules decide now (a refused filing is refused to the caller); the rows are written by the intake stage.
        var events = decider.Decide(command, Complaint.Initial);
        var filed = Fold(Complaint.Initial, events);
        if (events.Count > 0 && await _intake.AcceptAsync(new AcceptedFiling(command, content, contact, trackingTokenHash, clock.GetUtcNow()), cancellationToken))
        {
            await doorbell.RingAsync(IntakeStore.ShardOf(command.Id));
            return new CommandOutcome(filed, events);
        }

        // The same id again while its filing waits: answer from what was filed first.
        var stored = await GetAsync(command.Id, cancellationToken);
        return new CommandOutcome(stored?.State ?? filed, []);
    }

    public Task<CommandOutcome> ExecuteAsync(ComplaintId id, ComplaintCommand command, CancellationToken cancellationToken) =>
        CommitCommandAsync(id, command, known: null, nudge: true, cancellationToken);

    public Task<CommandOutcome> ExecuteAsync(StoredComplaint known, ComplaintCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(known);
        return CommitCommandAsync(known.State.Id, command, known, nudge: true, cancellationToken);
    }

    public Task<CommandOutcome> ExecuteForWorkflowAsync(ComplaintId id, ComplaintCommand command, CancellationToken cancellationToken) =>
        CommitCommandAsync(id, command, known: null, nudge: false, cancellationToken);

    private async Task<CommandOutcome> CommitCommandAsync(
        ComplaintId id,
        ComplaintCommand command,
        StoredComplaint? known,
        bool nudge,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        for (var attempt = 1; ; attempt++)
        {
            Complaint state;
            string tokenHash;
            string etag;
            if (attempt == 1 && known?.ETag is { } knownETag)
            {
                (state, tokenHash, etag) = (known.State, known.TrackingTokenHash, knownETag);
            }
            else
            {
                var row = await ReadStateRowAsync(id, cancellationToken) ?? throw new ComplaintNotFoundException();
                (state, tokenHash, etag) = (ReadState(row), row.GetString("TokenHash") ?? string.Empty, row.ETag ?? "*");
            }

            var events = decider.Decide(command, state);
            if (events.Count == 0)
            {
                return new CommandOutcome(state, events);
            }

            var next = Fold(state, events);
            List<TableOperation> operations = [new TableOperation.Replace(StateRowOf(next, tokenHash), etag)];
            operations.AddRange(EventRows(id, state.Version, events));
            var outbox = nudge ? OutboxRow(id, next.Version, new OutboxMessage(names.EventsQueue, QueueMessages.Changed(id, next.Version, next.DisclosureId is not null))) : null;
            if (outbox is not null)
            {
                operations.Add(outbox);
            }

            var (committed, marker) = await TryCommitAsync(id, operations, mark: outbox is not null, attempt, cancellationToken);
            if (committed)
            {
                if (outbox is not null)
                {
                    await DispatchAsync(outbox, marker!, cancellationToken);
                }

                return new CommandOutcome(next, events);
            }
        }
    }

    public async Task<IReadOnlyList<RecordedEvent>> GetEventsAsync(ComplaintId id, long afterVersion, CancellationToken cancellationToken)
    {
        var range = new RowKeyRange(EventRowKey(afterVersion + 1), EventPrefix + "~");
        var result = new List<RecordedEvent>();
        string? continuation = null;
        do
        {
            var page = await tables.QueryPartitionAsync(names.ComplaintsTable, id.Value, range, 1000, continuation, cancellationToken);
            foreach (var row in page.Rows)
            {
                var version = long.Parse(row.RowKey.AsSpan(EventPrefix.Length), CultureInfo.InvariantCulture);
                result.Add(new RecordedEvent(version, StorageJson.DeserializeEvent(row.GetString("Type")!, row.GetString("Json")!)));
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        return result;
    }

    public async Task<ComplaintContent?> GetContentAsync(ComplaintId id, CancellationToken cancellationToken)
    {
        var row = await tables.GetAsync(names.ComplaintsTable, id.Value, ContentRow, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var occurred = row.GetString("OccurredOn");
        return new ComplaintContent(
            row.GetString("Description") ?? string.Empty,
            row.GetString("OrderReference"),
            occurred is null ? null : DateOnly.Parse(occurred, CultureInfo.InvariantCulture));
    }

    public async Task FlushOutboxAsync(ComplaintId id, CancellationToken cancellationToken)
    {
        var marker = await tables.GetAsync(names.OutboxIndexTable, ShardOf(id), id.Value, cancellationToken);
        var page = await tables.QueryPartitionAsync(names.ComplaintsTable, id.Value, RowKeyRange.Prefix(OutboxPrefix), 100, null, cancellationToken);
        if (page.Rows.Count > 0)
        {
            // Every outbox row of a complaint nudges the same consumer; one message per queue is enough.
            foreach (var message in page.Rows.Select(r => new OutboxMessage(r.GetString("Queue")!, r.GetString("Body")!)).Distinct())
            {
                await queues.SendAsync(message.Queue, message.Body, null, cancellationToken);
            }

            try
            {
                await tables.SubmitTransactionAsync(
                    names.ComplaintsTable,
                    [.. page.Rows.Select(r => (TableOperation)new TableOperation.Delete(r.PartitionKey, r.RowKey, "*"))],
                    cancellationToken);
            }
            catch (StorageConflictException)
            {
                // Another process flushed the same rows first; they are gone either way.
            }
        }

        if (marker?.ETag is { } etag && page.ContinuationToken is null)
        {
            try
            {
                await tables.SubmitTransactionAsync(names.OutboxIndexTable, [new TableOperation.Delete(marker.PartitionKey, marker.RowKey, etag)], cancellationToken);
            }
            catch (StorageConflictException)
            {
                // A newer write marked the complaint again (or someone else removed the marker): leave it.
            }
        }
    }

    public async Task<IReadOnlyList<ComplaintId>> FindStaleOutboxesAsync(TimeSpan olderThan, CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - olderThan;
        var result = new List<ComplaintId>();
        for (var shard = 0; shard < OutboxShards; shard++)
        {
            var page = await tables.QueryPartitionAsync(names.OutboxIndexTable, Shard(shard), null, 200, null, cancellationToken);
            result.AddRange(page.Rows.Where(r => r.Get<DateTimeOffset>("MarkedAt") < cutoff).Select(r => new ComplaintId(r.RowKey)));
        }

        return result;
    }

    /// <summary>
    /// Commits, first marking the complaint in the outbox index when the transaction carries an outbox row. Returns
    /// whether it committed (<c>false</c>: another writer won the race and the command must be decided again) and the
    /// marker with its ETag.
    /// </summary>
    private async Task<(bool Committed, TableRow? Marker)> TryCommitAsync(
        ComplaintId id,
        IReadOnlyList<TableOperation> operations,
        bool mark,
        int attempt,
        CancellationToken cancellationToken)
    {
        TableRow? marker = null;
        if (mark)
        {
            var row = new TableRow(ShardOf(id), id.Value, new Dictionary<string, object?> { ["MarkedAt"] = clock.GetUtcNow() });
            var etags = await tables.SubmitTransactionAsync(names.OutboxIndexTable, [new TableOperation.Upsert(row)], cancellationToken);
            marker = row with { ETag = etags[0] };
        }

        try
        {
            await tables.SubmitTransactionAsync(names.ComplaintsTable, operations, cancellationToken);
            return (true, marker);
        }
        catch (StorageConflictException) when (attempt < MaxAttempts)
        {
            // Someone else wrote first: decide again on the fresh state, after a short random pause.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), clock, cancellationToken);
            return (false, null);
        }
    }

    /// <summary>
    /// The fast path right after a commit: the outbox row and the marker are known, so send, then remove both
    /// without reading them back. Anything left behind (a crash, a newer marker) is the sweeper's.
    /// </summary>
    private async Task DispatchAsync(TableOperation outbox, TableRow marker, CancellationToken cancellationToken)
    {
        var row = ((TableOperation.Insert)outbox).Row;
        await queues.SendAsync(row.GetString("Queue")!, row.GetString("Body")!, null, cancellationToken);

        // The two clean-ups are independent (the message is out), so they run side by side.
        await Task.WhenAll(
            DeleteIgnoringConflictAsync(names.ComplaintsTable, row.PartitionKey, row.RowKey, "*", cancellationToken),
            marker.ETag is { } etag
                ? DeleteIgnoringConflictAsync(names.OutboxIndexTable, marker.PartitionKey, marker.RowKey, etag, cancellationToken)
                : Task.CompletedTask);
    }

    private async Task DeleteIgnoringConflictAsync(string table, string partitionKey, string rowKey, string etag, CancellationToken cancellationToken)
    {
        try
        {
            await tables.SubmitTransactionAsync(table, [new TableOperation.Delete(partitionKey, rowKey, etag)], cancellationToken);
        }
        catch (StorageConflictException)
        {
            // A concurrent flush removed the outbox row, or a newer command re-marked the complaint: nothing to undo.
        }
    }

    private static Complaint Fold(Complaint state, IReadOnlyList<ComplaintEvent> events) => events.Aggregate(state, Complaint.Evolve);

    private static List<TableOperation> FilingRows(ComplaintId id, Complaint filed, IReadOnlyList<ComplaintEvent> events, ComplaintContent content, string trackingTokenHash)
    {
        List<TableOperation> operations =
        [
            new TableOperation.Insert(StateRowOf(filed, trackingTokenHash)),
            new TableOperation.Insert(new TableRow(id.Value, ContentRow, new Dictionary<string, object?>
            {
                ["Description"] = content.Description,
                ["OrderReference"] = content.OrderReference,
                ["OccurredOn"] = content.OccurredOn?.ToString("O", CultureInfo.InvariantCulture),
            })),
        ];
        operations.AddRange(EventRows(id, 0, events));
        return operations;
    }

    private static Complaint ReadState(TableRow row) => StorageJson.Deserialize<Complaint>(row.GetString("Json")!);

    private static TableRow StateRowOf(Complaint state, string tokenHash) => new(state.Id.Value, StateRow, new Dictionary<string, object?>
    {
        ["Json"] = StorageJson.Serialize(state),
        ["Version"] = state.Version,
        ["Status"] = state.Status.ToString(),
        ["TokenHash"] = tokenHash,
    });

    private static IEnumerable<TableOperation> EventRows(ComplaintId id, long fromVersion, IReadOnlyList<ComplaintEvent> events) =>
        events.Select((e, i) => (TableOperation)new TableOperation.Insert(new TableRow(id.Value, EventRowKey(fromVersion + i + 1), new Dictionary<string, object?>
        {
            ["Type"] = e.Type,
            ["At"] = e.At,
            ["Json"] = StorageJson.SerializeEvent(e),
        })));

    private static TableOperation OutboxRow(ComplaintId id, long version, OutboxMessage message) =>
        new TableOperation.Insert(new TableRow(id.Value, OutboxPrefix + version.ToString("D10", CultureInfo.InvariantCulture), new Dictionary<string, object?>
        {
            ["Queue"] = message.Queue,
            ["Body"] = message.Body,
        }));

    private static string ShardOf(ComplaintId id) => Shard(Shards.Of(id.Value, OutboxShards));

    private static string Shard(int shard) => "pending-" + shard.ToString("D2", CultureInfo.InvariantCulture);
}

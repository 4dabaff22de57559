using System.Globalization;
using Complaints.Core;
using Complaints.Core.Disclosure;
using Complaints.Core.Ports;
using Complaints.Storage.Gateway;

namespace Complaints.Storage.Stores;

/// <summary>A filing the API accepted, with everything needed to record the complaint from it.</summary>
public sealed record AcceptedFiling(
    ComplaintCommand.FileComplaint Command,
    ComplaintContent Content,
    ConsumerContact Contact,
    string TrackingTokenHash,
    DateTimeOffset AcceptedAt);

/// <summary>
/// The intake table: a filing is one insert here (partition = one of 16 shards, row = the complaint id) and stays
/// until the intake stage has recorded the complaint (state, content, event and contact rows) and started its
/// workflow. One write per filing keeps <c>POST /api/complaints</c> as cheap as the storage allows; the rest of the
/// work is levelled through the intake queue. The row holds the consumer's contact details, like the contacts table.
/// </summary>
public sealed class IntakeStore(ITableGateway tables, StorageNames names)
{
    public const int ShardCount = 16;

    /// <summary>Records the filing; <c>false</c> when a filing with this complaint id is already waiting.</summary>
    public Task<bool> AcceptAsync(AcceptedFiling filing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filing);
        return tables.InsertIfAbsentAsync(names.IntakeTable, ToRow(filing), cancellationToken);
    }

    public async Task<AcceptedFiling?> GetAsync(ComplaintId id, CancellationToken cancellationToken) =>
        await tables.GetAsync(names.IntakeTable, ShardOf(id), id.Value, cancellationToken) is { } row ? FromRow(row) : null;

    /// <summary>Up to <paramref name="max"/> waiting filings of one shard, and whether more are waiting.</summary>
    public async Task<(IReadOnlyList<AcceptedFiling> Filings, bool More)> ListAsync(string shard, int max, CancellationToken cancellationToken)
    {
        var page = await tables.QueryPartitionAsync(names.IntakeTable, shard, null, max, null, cancellationToken);
        return ([.. page.Rows.Select(FromRow)], page.ContinuationToken is not null);
    }

    /// <summary>Removes a filing once its complaint is recorded and its workflow started (gone already is fine).</summary>
    public async Task RemoveAsync(ComplaintId id, CancellationToken cancellationToken)
    {
        try
        {
            await tables.SubmitTransactionAsync(names.IntakeTable, [new TableOperation.Delete(ShardOf(id), id.Value, "*")], cancellationToken);
        }
        catch (StorageConflictException)
        {
            // Another intake worker removed it first.
        }
    }

    /// <summary>Shards holding a filing accepted longer ago than <paramref name="olderThan"/>: its doorbell was lost.</summary>
    public async Task<IReadOnlyList<string>> StaleShardsAsync(TimeSpan olderThan, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cutoff = now - olderThan;
        var stale = new List<string>();
        foreach (var shard in AllShards)
        {
            var page = await tables.QueryPartitionAsync(names.IntakeTable, shard, null, 100, null, cancellationToken);
            if (page.Rows.Any(r => r.Get<DateTimeOffset>("AcceptedAt") < cutoff))
            {
                stale.Add(shard);
            }
        }

        return stale;
    }

    public static IReadOnlyList<string> AllShards { get; } = [.. Enumerable.Range(0, ShardCount).Select(Shard)];

    public static string ShardOf(ComplaintId id) => Shard(Shards.Of(id.Value, ShardCount));

    private static string Shard(int shard) => "filed-" + shard.ToString("D2", CultureInfo.InvariantCulture);

    private static TableRow ToRow(AcceptedFiling filing)
    {
        var command = filing.Command;
        return new TableRow(ShardOf(command.Id), command.Id.Value, new Dictionary<string, object?>
        {
            ["Filing"] = StorageJson.Serialize(new StoredFiling(
                command.Merchant,
                command.Venue,
                command.Category,
                command.Claim,
                command.ConsentToPublishNarrative,
                command.At,
                filing.Content.OrderReference,
                filing.Content.OccurredOn,
                filing.Contact)),
            ["Description"] = filing.Content.Description,
            ["TokenHash"] = filing.TrackingTokenHash,
            ["AcceptedAt"] = filing.AcceptedAt,
        });
    }

    private static AcceptedFiling FromRow(TableRow row)
    {
        var id = new ComplaintId(row.RowKey);
        var stored = StorageJson.Deserialize<StoredFiling>(row.GetString("Filing")!);
        return new AcceptedFiling(
            new ComplaintCommand.FileComplaint(id, stored.Merchant, stored.Venue, stored.Category, stored.Claim, stored.Consent, new Actor.Consumer(id), stored.At),
            new ComplaintContent(row.GetString("Description") ?? string.Empty, stored.OrderReference, stored.OccurredOn),
            stored.Contact,
            row.GetString("TokenHash") ?? string.Empty,
            row.Get<DateTimeOffset>("AcceptedAt"));
    }

    /// <summary>The row's JSON: the command's facts and the contact; the description is a column of its own (it may be 32,000 characters).</summary>
    private sealed record StoredFiling(
        Party.Merchant Merchant,
        Party.Venue? Venue,
        Category Category,
        Money Claim,
        bool Consent,
        DateTimeOffset At,
        string? OrderReference,
        DateOnly? OccurredOn,
        ConsumerContact Contact);
}

/// <summary>Stable shard numbers (FNV-1a: the same in every process and runtime, unlike <see cref="string.GetHashCode()"/>).</summary>
internal static class Shards
{
    public static int Of(string key, int count)
    {
        var hash = 2166136261u;
        foreach (var ch in key)
        {
            hash = (hash ^ ch) * 16777619u;
        }

        return (int)(hash % (uint)count);
    }
}

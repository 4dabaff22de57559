using System.Globalization;
using Complaints.Core;
using Complaints.Core.Indicators;
using Complaints.Core.Ports;
using Complaints.Storage.Gateway;

namespace Complaints.Storage.Stores;

/// <summary>
/// The per-slice counters (docs/adr/0012).
/// <list type="bullet">
/// <item><see cref="StorageNames.IndicatorCountersTable"/>: partition = the filing month (<c>m-yyyy-MM</c>); a row
/// <c>c|{cell}</c> per finest cell (merchant, venue, category, region) with its counts and a version, and a row
/// <c>x|{complaint}</c> per complaint with the contribution counted for it. A change writes both rows in one
/// entity-group transaction, each under its ETag (or as an insert), so the cell moves by exactly the difference; a
/// repeat finds the contribution unchanged and writes nothing.</item>
/// <item><see cref="StorageNames.IndicatorsTable"/>: the cell rows alone, copied forward by version (a copy never goes
/// back to an older version), so reading a month's cells reads no contribution rows. The copy is made after each
/// change and again by any repeat, so a crash between the two is healed by the next projection of the complaint.</item>
/// </list>
/// </summary>
public sealed class IndicatorStore(ITableGateway tables, StorageNames names) : IIndicatorStore
{
    /// <summary>Each lost race means another projection's change landed, so this bounds the contention on one cell.</summary>
    private const int MaxAttempts = 64;
    private const string CellPrefix = "c|";
    private const string ContributionPrefix = "x|";

    public async Task ApplyAsync(IndicatorContribution contribution, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contribution);
        var partition = Partition(contribution.Month);
        var cellKey = CellKey(contribution.Cell);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var counted = await tables.GetAsync(names.IndicatorCountersTable, partition, ContributionPrefix + contribution.Complaint.Value, cancellationToken);
            var before = counted is null ? IndicatorCounts.Zero : ReadCounts(counted);
            if (counted is not null && before == contribution.Counts)
            {
                await CopyForwardAsync(partition, cellKey, null, cancellationToken);
                return;
            }

            var cell = await tables.GetAsync(names.IndicatorCountersTable, partition, CellPrefix + cellKey, cancellationToken);
            var total = (cell is null ? IndicatorCounts.Zero : ReadCounts(cell)) - before + contribution.Counts;
            var version = (cell?.Get<long>("Version") ?? 0) + 1;
            var contributionRow = new TableRow(partition, ContributionPrefix + contribution.Complaint.Value, CountProperties(contribution.Counts, contribution.Cell, cellKey, null));
            var cellRow = new TableRow(partition, CellPrefix + cellKey, CountProperties(total, contribution.Cell, cellKey, version));
            try
            {
                await tables.SubmitTransactionAsync(
                    names.IndicatorCountersTable,
                    [
                        counted is null ? new TableOperation.Insert(contributionRow) : new TableOperation.Replace(contributionRow, counted.ETag!),
                        cell is null ? new TableOperation.Insert(cellRow) : new TableOperation.Replace(cellRow, cell.ETag!),
                    ],
                    cancellationToken);
            }
            catch (StorageConflictException)
            {
                // Another projection moved the cell (or this complaint's row) first: read again, after a short random
                // pause so that racers spread out.
                await Task.Delay(Random.Shared.Next(0, Math.Min(50, 2 * attempt)), cancellationToken);
                continue;
            }

            await CopyForwardAsync(partition, cellKey, cellRow, cancellationToken);
            return;
        }

        throw new StorageConflictException($"The indicator cell of {contribution.Complaint} kept moving; the projection will be retried.", 412);
    }

    /// <summary>
    /// Counts complaints not counted before, in bulk: their contribution rows are inserted 100 to a transaction (a
    /// complaint already counted fails the load: 409), then each cell they fall in moves by their sum under its ETag,
    /// and its read copy follows. For loading many complaints at once (the trends bench, a backfill of complaints
    /// filed before the counters existed); live projections may run beside it, since both only add differences. Not
    /// crash-safe between the two steps (a crash leaves contributions whose cells were not moved): rerun it on an
    /// empty table.
    /// </summary>
    public async Task AddNewAsync(IReadOnlyList<IndicatorContribution> contributions, int concurrency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contributions);
        var byPartition = contributions.GroupBy(c => Partition(c.Month)).ToList();
        var batches = byPartition.SelectMany(p => p.Chunk(100).Select(chunk => (Partition: p.Key, Rows: chunk))).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (batch, ct) =>
            await tables.SubmitTransactionAsync(
                names.IndicatorCountersTable,
                [.. batch.Rows.Select(c => (TableOperation)new TableOperation.Insert(new TableRow(batch.Partition, ContributionPrefix + c.Complaint.Value, CountProperties(c.Counts, c.Cell, CellKey(c.Cell), null))))],
                ct));

        var cells = contributions.GroupBy(c => (Partition: Partition(c.Month), c.Cell)).ToList();
        await Parallel.ForEachAsync(cells, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (group, ct) =>
        {
            var (partition, cell) = group.Key;
            var cellKey = CellKey(cell);
            var added = IndicatorCounts.Sum(group.Select(c => c.Counts));
            for (var attempt = 1; ; attempt++)
            {
                var row = await tables.GetAsync(names.IndicatorCountersTable, partition, CellPrefix + cellKey, ct);
                var next = new TableRow(partition, CellPrefix + cellKey, CountProperties((row is null ? IndicatorCounts.Zero : ReadCounts(row)) + added, cell, cellKey, (row?.Get<long>("Version") ?? 0) + 1));
                try
                {
                    await tables.SubmitTransactionAsync(names.IndicatorCountersTable, [row is null ? new TableOperation.Insert(next) : new TableOperation.Replace(next, row.ETag!)], ct);
                    await CopyForwardAsync(partition, cellKey, next, ct);
                    break;
                }
                catch (StorageConflictException) when (attempt < MaxAttempts)
                {
                    // A live projection moved the cell: read it again.
                }
            }
        });
    }

    public async Task<IReadOnlyList<IndicatorCellCounts>> ReadMonthAsync(DateOnly month, PartyId? merchant, CancellationToken cancellationToken)
    {
        var range = merchant is { } m ? RowKeyRange.Prefix(Escape(m.Value) + "|") : null;
        var result = new List<IndicatorCellCounts>();
        string? continuation = null;
        do
        {
            var page = await tables.QueryPartitionAsync(names.IndicatorsTable, Partition(month), range, 1000, continuation, cancellationToken);
            result.AddRange(page.Rows.Select(r => new IndicatorCellCounts(month, ReadCell(r), ReadCounts(r))));
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        return result;
    }

    /// <summary>Brings the read copy of a cell up to the counters' version (never back).</summary>
    private async Task CopyForwardAsync(string partition, string cellKey, TableRow? truth, CancellationToken cancellationToken)
    {
        truth ??= await tables.GetAsync(names.IndicatorCountersTable, partition, CellPrefix + cellKey, cancellationToken);
        if (truth is null)
        {
            return;
        }

        var version = truth.Get<long>("Version");
        var row = new TableRow(partition, cellKey, truth.Properties);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var copy = await tables.GetAsync(names.IndicatorsTable, partition, cellKey, cancellationToken);
            if (copy is not null && copy.Get<long>("Version") >= version)
            {
                return;
            }

            try
            {
                await tables.SubmitTransactionAsync(
                    names.IndicatorsTable,
                    [copy is null ? new TableOperation.Insert(row) : new TableOperation.Replace(row, copy.ETag!)],
                    cancellationToken);
                return;
            }
            catch (StorageConflictException)
            {
                // Another copy landed first: look again (it may be newer than this one).
            }
        }

        throw new StorageConflictException($"The read copy of indicator cell {cellKey} kept moving; the projection will be retried.", 412);
    }

    private static string Partition(DateOnly month) => "m-" + month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>Merchant first, so one merchant's cells are a row-key range. Ids are escaped, so '|' separates safely.</summary>
    private static string CellKey(IndicatorCell cell) =>
        $"{Escape(cell.Merchant.Value)}|{Escape(cell.Venue?.Value ?? string.Empty)}|{cell.Category}|{cell.Region}";

    private static string Escape(string value) => Uri.EscapeDataString(value);

    private static Dictionary<string, object?> CountProperties(IndicatorCounts c, IndicatorCell cell, string cellKey, long? version) => new()
    {
        ["Merchant"] = cell.Merchant.Value,
        ["Venue"] = cell.Venue?.Value,
        ["Category"] = cell.Category.ToString(),
        ["Region"] = cell.Region,
        ["Cell"] = cellKey,
        ["Version"] = version,
        ["Received"] = c.Received,
        ["AcknowledgementsDue"] = c.AcknowledgementsDue,
        ["Acknowledged"] = c.Acknowledged,
        ["AcknowledgedOnTime"] = c.AcknowledgedOnTime,
        ["Withdrawn"] = c.Withdrawn,
        ["Resolved"] = c.Resolved,
        ["Closed"] = c.Closed,
        ["DaysToResolve"] = c.DaysToResolve.Counts.Count == 0 ? null : c.DaysToResolve.Encode(),
        ["AdvanceCompensations"] = c.AdvanceCompensations,
        ["AdvanceCompensationFen"] = c.AdvanceCompensationFen,
        ["Mediations"] = c.Mediations,
        ["Ratings"] = c.Ratings,
        ["RatingSum"] = c.RatingSum,
        ["Untimely"] = c.Untimely,
    };

    private static IndicatorCounts ReadCounts(TableRow r) => new(
        r.Get<int>("Received"),
        r.Get<int>("AcknowledgementsDue"),
        r.Get<int>("Acknowledged"),
        r.Get<int>("AcknowledgedOnTime"),
        r.Get<int>("Withdrawn"),
        r.Get<int>("Resolved"),
        r.Get<int>("Closed"),
        DaysHistogram.Decode(r.GetString("DaysToResolve")),
        r.Get<int>("AdvanceCompensations"),
        r.Get<long>("AdvanceCompensationFen"),
        r.Get<int>("Mediations"),
        r.Get<int>("Ratings"),
        r.Get<int>("RatingSum"),
        r.Get<int>("Untimely"));

    private static IndicatorCell ReadCell(TableRow r) => new(
        r.GetString("Region"),
        Enum.Parse<Category>(r.GetString("Category")!),
        new PartyId(r.GetString("Merchant")!),
        r.GetString("Venue") is { } venue ? new PartyId(venue) : null);
}

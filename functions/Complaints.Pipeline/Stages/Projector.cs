using System.Security.Cryptography;
using System.Text;
using Complaints.Core;
using Complaints.Core.Credit;
using Complaints.Core.Disclosure;
using Complaints.Core.Indicators;
using Complaints.Core.Ports;
using Complaints.Storage;

namespace Complaints.Pipeline.Stages;

/// <summary>
/// Keeps the read models in step with a complaint: operator inboxes, the regulator's queue, disclosure lists,
/// per-party track records, the operators' recovery-claim and payout lists, and the complaint's contribution to the
/// per-slice indicator counters (<see cref="IIndicatorStore"/>). It writes only rows whose content changed since the
/// last projection (fingerprints kept in the workflow row) and deletes rows that no longer apply, so running it
/// twice is harmless; the counters are idempotent on their own as well (a lost fingerprint only costs a read).
/// </summary>
public sealed class Projector(IReadModelStore readModels, IDisclosureStore disclosures, IIndicatorStore indicators)
{
    /// <summary>The fingerprint key of the complaint's counter contribution (not a read-model row: never deleted as stale).</summary>
    private const string IndicatorsKey = "Indicators|contribution";

    public async Task<IReadOnlyDictionary<string, string>> ProjectAsync(
        Complaint complaint,
        IReadOnlyDictionary<string, string> previous,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(complaint);
        ArgumentNullException.ThrowIfNull(previous);
        var rows = new List<ReadModelRow>();
        rows.AddRange(InboxRows(complaint));
        rows.AddRange(RegulatorRows(complaint));
        rows.AddRange(complaint.NamedParties.Select(p => new ReadModelRow(
            ReadModel.TrackRecords, p.Value, complaint.Id.Value, StorageJson.Serialize(new TrackRecordRow(TrackRecord.Of(complaint, p))))));
        rows.AddRange(await DisclosureRowsAsync(complaint, cancellationToken));
        rows.AddRange(OperatorListRows(complaint));

        var next = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var fingerprint = Fingerprint(row.Json);
            next[row.Key] = fingerprint;
            if (!previous.TryGetValue(row.Key, out var old) || old != fingerprint)
            {
                await readModels.UpsertAsync(row, cancellationToken);
            }
        }

        if (IndicatorContribution.Of(complaint) is { } contribution)
        {
            var fingerprint = Fingerprint(StorageJson.Serialize(new { contribution.Month, contribution.Cell, contribution.Counts, Days = contribution.Counts.DaysToResolve.Encode() }));
            next[IndicatorsKey] = fingerprint;
            if (!previous.TryGetValue(IndicatorsKey, out var old) || old != fingerprint)
            {
                await indicators.ApplyAsync(contribution, cancellationToken);
            }
        }

        foreach (var stale in previous.Keys.Where(k => !next.ContainsKey(k) && k != IndicatorsKey))
        {
            var parts = stale.Split('|', 3);
            if (parts.Length == 3 && Enum.TryParse<ReadModel>(parts[0], out var model))
            {
                await readModels.DeleteAsync(model, parts[1], parts[2], cancellationToken);
            }
        }

        return next;
    }

    private static IEnumerable<ReadModelRow> InboxRows(Complaint c)
    {
        IEnumerable<(PartyId Party, string Action, DateTimeOffset Due)> due = c.Status switch
        {
            ComplaintStatus.Assigned when c.FirstResponder is { } fr && c.AcknowledgeBy is { } by => [(fr, "acknowledge", by)],
            ComplaintStatus.Acknowledged when c.ResolveBy is { } by =>
                new[] { c.Merchant.Id, c.FirstResponder ?? c.Merchant.Id }.Distinct().Select(p => (p, "resolve", by)),
            _ => [],
        };
        return due.Select(d => new ReadModelRow(
            ReadModel.Inbox, d.Party.Value, c.Id.Value, StorageJson.Serialize(new InboxItem(c.Id, c.Status, d.Action, d.Due, c.Category, c.FiledAt))));
    }

    /// <summary>The venue's payout, and the recovery claim under both the venue and the merchant it is against.</summary>
    private static IEnumerable<ReadModelRow> OperatorListRows(Complaint c)
    {
        if (c.Payout is { } p)
        {
            var payout = new PayoutItem(p.PayoutId, c.Id, p.Venue, p.Amount, p.Trigger, p.Statutory, p.RequestedAt, p.SettledAt);
            yield return new ReadModelRow(ReadModel.Payouts, OperatorLists.Payouts(p.Venue), c.Id.Value, StorageJson.Serialize(payout));
        }

        if (c.Recovery is { } r)
        {
            var json = StorageJson.Serialize(new RecoveryClaimItem(
                r.ClaimId, c.Id, r.Venue, r.Merchant, r.Amount, r.Repaid, r.Pending?.Amount, r.Ending?.Result, r.OpenedAt, r.RecoverBy, r.Ending?.At));
            yield return new ReadModelRow(ReadModel.RecoveryClaims, OperatorLists.Claims(r.Venue), c.Id.Value, json);
            yield return new ReadModelRow(ReadModel.RecoveryClaims, OperatorLists.Claims(r.Merchant), c.Id.Value, json);
        }
    }

    private static IEnumerable<ReadModelRow> RegulatorRows(Complaint c)
    {
        if (c.Status is not (ComplaintStatus.Escalated or ComplaintStatus.InMediation))
        {
            yield break;
        }

        var item = new RegulatorQueueItem(c.Id, c.Status, c.Escalation, c.MediationBy, c.Merchant.Id, c.Venue?.Id, c.Untimely);
        yield return new ReadModelRow(ReadModel.RegulatorQueue, ApiNames.Status(c.Status), c.Id.Value, StorageJson.Serialize(item));
    }

    private async Task<IEnumerable<ReadModelRow>> DisclosureRowsAsync(Complaint c, CancellationToken cancellationToken)
    {
        if (c.DisclosureId is not { } id || c.Disclosure == DisclosureStatus.None)
        {
            return [];
        }

        var stored = await disclosures.GetAsync(id, cancellationToken);
        if (stored is null)
        {
            return [];
        }

        var record = stored.Record with { ConsumerRating = c.Evaluation?.Rating };
        var listItem = StorageJson.Serialize(new DisclosureListItem(record, c.Id, c.Disclosure));
        var rows = new List<ReadModelRow>
        {
            new(ReadModel.Disclosures, DisclosurePartitions.Status(c.Disclosure), id, listItem),
        };
        if (c.Disclosure == DisclosureStatus.Published)
        {
            // Public partitions hold the record only: nothing in them links back to the complaint. The feed's category
            // and outcome filters read their own partitions (by month, newest first) instead of filtering months.
            var publicJson = StorageJson.Serialize(record);
            rows.AddRange(DisclosurePartitions.Public(record).Select(partition => new ReadModelRow(ReadModel.Disclosures, partition, id, publicJson)));
        }

        return rows;
    }

    private static string Fingerprint(string json) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json)), 0, 12);
}

/// <summary>The partitions of the operators' lists (one table; a prefix per list).</summary>
public static class OperatorLists
{
    public static string Claims(PartyId party) => "claims-" + party.Value;

    public static string Payouts(PartyId venue) => "payouts-" + venue.Value;
}

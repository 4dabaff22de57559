using Complaints.Core;
using Complaints.Core.Disclosure;
using Complaints.Core.Ports;
using Complaints.Storage;

namespace Complaints.Pipeline.Tests.Support;

/// <summary>Checks that every test of the pipeline makes on a complaint's stored history and its disclosure.</summary>
public static class PipelineAssert
{
    /// <summary>Every recovery claim in a venue's list (the operators' read model the API pages through), all pages.</summary>
    public static async Task<List<RecoveryClaimItem>> RecoveryClaimsOfAsync(IReadModelStore readModels, PartyId venue, CancellationToken ct)
    {
        var claims = new List<RecoveryClaimItem>();
        string? cursor = null;
        do
        {
            var page = await readModels.QueryAsync(ReadModel.RecoveryClaims, Stages.OperatorLists.Claims(venue), 100, cursor, ct);
            claims.AddRange(page.Items.Select(row => StorageJson.Deserialize<RecoveryClaimItem>(row.Json)));
            cursor = page.Cursor;
        }
        while (cursor is not null);
        return claims;
    }

    /// <summary>Event types a complaint records at most once, whatever is delivered twice or crashes.</summary>
    private static readonly HashSet<string> AtMostOnce = new(StringComparer.Ordinal)
    {
        "filed", "first-responder-assigned", "acknowledged", "resolution-proposed", "refused", "confirmed", "disputed",
        "withdrawn", "escalated", "mediation-outcome-recorded", "advance-compensation-requested", "payout-settled",
        "recovery-claim-opened", "closed", "disclosure-drafted",
    };

    /// <summary>
    /// The event rows are versions 1..N with no gap and no duplicate, N is the state's version, no once-only event
    /// appears twice, and replaying the rows gives the stored state.
    /// </summary>
    public static async Task<IReadOnlyList<RecordedEvent>> CleanHistoryAsync(IComplaintStore store, ComplaintId id, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(id, cancellationToken);
        Assert.True(stored is not null, $"{id}: expected a stored complaint, found none.");
        var events = await store.GetEventsAsync(id, 0, cancellationToken);
        var versions = events.Select(e => e.Version).ToList();
        var expected = Enumerable.Range(1, events.Count).Select(v => (long)v).ToList();
        Assert.True(
            versions.SequenceEqual(expected),
            $"{id}: expected event versions 1..{events.Count} in order, saw [{string.Join(", ", versions)}].");
        Assert.True(
            stored.State.Version == events.Count,
            $"{id}: the state says version {stored.State.Version}, but {events.Count} event rows exist ({Types(events)}).");

        var repeated = events.GroupBy(e => e.Event.Type).Where(g => AtMostOnce.Contains(g.Key) && g.Count() > 1).Select(g => $"{g.Key} x{g.Count()}").ToList();
        Assert.True(repeated.Count == 0, $"{id}: once-only events recorded more than once: {string.Join(", ", repeated)}; history: {Types(events)}.");
        var missedTwice = events.Select(e => e.Event).OfType<ComplaintEvent.DeadlineMissed>().GroupBy(m => m.Kind).Where(g => g.Count() > 1).ToList();
        Assert.True(missedTwice.Count == 0, $"{id}: a deadline was recorded as missed more than once; history: {Types(events)}.");

        var replayed = Complaint.Replay(events.Select(e => e.Event));
        Assert.Equal(StorageJson.Serialize(stored.State), StorageJson.Serialize(replayed));
        return events;
    }

    /// <summary>
    /// The complaint ended with <paramref name="outcome"/>, records a disclosure draft, and that record exists with
    /// the same outcome; the narrative is scrubbed of the consumer's details when consent was given and absent otherwise.
    /// </summary>
    public static async Task<DisclosureRecord> DraftedAsync(
        IComplaintStore store,
        IDisclosureStore disclosures,
        ComplaintId id,
        ComplaintOutcome outcome,
        CancellationToken cancellationToken)
    {
        var state = (await store.GetAsync(id, cancellationToken))?.State;
        Assert.True(state is not null, $"{id}: expected a stored complaint, found none.");
        Assert.True(state.IsTerminal, $"{id}: expected a closed or withdrawn complaint, saw {state.Status}.");
        Assert.True(state.Outcome == outcome, $"{id}: expected outcome {outcome}, saw {state.Outcome?.ToString() ?? "none"}.");
        Assert.True(state.Disclosure == DisclosureStatus.Draft, $"{id}: expected a disclosure draft, saw {state.Disclosure}.");
        Assert.True(state.DisclosureId is not null, $"{id}: the complaint records a draft but no disclosure id.");

        var stored = await disclosures.GetAsync(state.DisclosureId, cancellationToken);
        Assert.True(stored is not null, $"{id}: the complaint names disclosure {state.DisclosureId}, but the disclosure store has no such record.");
        Assert.Equal(id, stored.Complaint);
        var record = stored.Record;
        Assert.Equal(outcome, record.Outcome);
        Assert.Equal(state.Merchant.Id, record.MerchantId);
        Assert.Equal(!state.Untimely, record.Timely);
        Assert.DoesNotContain(id.Value, StorageJson.Serialize(record), StringComparison.Ordinal);

        if (state.ConsentToPublishNarrative)
        {
            Assert.True(record.Narrative is not null, $"{id}: consent was given, so a scrubbed narrative was expected; it is absent.");
            Assert.Contains(ComplaintDriver.NarrativeCore, record.Narrative, StringComparison.Ordinal);
            foreach (var secret in new[] { ComplaintDriver.Consumer.Name, ComplaintDriver.Consumer.Phone!, ComplaintDriver.Consumer.Email! })
            {
                Assert.False(
                    record.Narrative.Contains(secret, StringComparison.OrdinalIgnoreCase),
                    $"{id}: the published narrative still contains the consumer's '{secret}': {record.Narrative}");
            }
        }
        else
        {
            Assert.True(record.Narrative is null, $"{id}: no consent was given, yet the record carries a narrative: {record.Narrative}");
        }

        return record;
    }

    public static string Types(IEnumerable<RecordedEvent> events) => string.Join(" > ", events.Select(e => $"{e.Version}:{e.Event.Type}"));
}

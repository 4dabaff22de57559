using Complaints.Core;
using Complaints.Core.Disclosure;
using Complaints.Core.Ports;
using Complaints.Pipeline.Tests.Support;
using Complaints.Storage;
using Complaints.Testing;
using Xunit.Abstractions;

namespace Complaints.Pipeline.Tests.Paths;

/// <summary>
/// Whole paths through the local runtime (the Durable Task Framework running each orchestration, stage workers, outbox sweeper) on Azurite. Only the
/// deadline a test is about is short; the others stay far away, so the outcome never depends on how fast a test acts.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class PipelinePathTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private static readonly TimeSpan Short = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Merchant_resolves_and_consumer_confirms_closes_with_monetary_relief()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, tag: "res");
        var driver = host.Driver;
        var id = await driver.FileAsync(TestParties.EnrolledVenue, ct, consent: true);

        await driver.WaitForStatusAsync(id, ComplaintStatus.Assigned, ct);
        await driver.AcknowledgeAsync(id, TestParties.EnrolledVenue.Id, ct);
        await driver.ProposeAsync(id, Remedy.Refund, 150m, ct);
        await driver.ConfirmAsync(id, ct);
        var closed = await driver.WaitForDraftAsync(id, ct);

        Assert.False(closed.Untimely);
        Assert.Null(closed.Payout);
        var record = await PipelineAssert.DraftedAsync(driver.Store, host.Get<IDisclosureStore>(), id, ComplaintOutcome.MonetaryRelief, ct);
        Assert.Equal((HandlingRoute.ResolvedByMerchant, Payer.Merchant, true), (record.HowHandled, record.PaidBy, record.Timely));
        await PipelineAssert.CleanHistoryAsync(driver.Store, id, ct);
        Assert.Empty(await host.Get<IPayoutLedger>().ListAsync(TestParties.EnrolledVenue.Id, ct));
    }

    [Fact]
    public async Task Merchant_refuses_and_the_enrolled_venue_pays_once_opens_a_recovery_claim_and_closes()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, tag: "ref");
        var driver = host.Driver;
        var id = await driver.FileAsync(TestParties.EnrolledVenue, ct, claim: 800m, consent: false);

        await driver.WaitForStatusAsync(id, ComplaintStatus.Assigned, ct);
        await driver.AcknowledgeAsync(id, TestParties.EnrolledVenue.Id, ct);
        await driver.RefuseAsync(id, ct);
        var closed = await driver.WaitForDraftAsync(id, ct);

        Assert.Equal(AdvanceCompensationTrigger.Refusal, closed.Payout?.Trigger);
        Assert.NotNull(closed.Payout?.SettledAt);
        var paid = Assert.Single(await host.Get<IPayoutLedger>().ListAsync(TestParties.EnrolledVenue.Id, ct));
        Assert.Equal((ComplaintDecider.PayoutIdFor(id), id, TestParties.Cap), (paid.PayoutId, paid.Complaint, paid.Amount));
        var claim = await WaitForRecoveryClaimAsync(host, id, ct);
        Assert.Equal((TestParties.Merchant.Id, TestParties.Cap), (claim.Merchant, claim.Amount));

        var record = await PipelineAssert.DraftedAsync(driver.Store, host.Get<IDisclosureStore>(), id, ComplaintOutcome.AdvanceCompensated, ct);
        Assert.Equal((HandlingRoute.AdvanceCompensatedByVenue, Payer.Venue), (record.HowHandled, record.PaidBy));
        var events = await PipelineAssert.CleanHistoryAsync(driver.Store, id, ct);
        Assert.Equal(
            ["refused", "advance-compensation-requested", "payout-settled", "recovery-claim-opened", "closed", "disclosure-drafted"],
            events.Skip(3).Select(e => e.Event.Type));
    }

    [Fact]
    public async Task The_resolution_deadline_passing_with_an_enrolled_venue_ends_advance_compensated()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far with { Resolve = Short }, ct, tag: "rdl");
        var driver = host.Driver;
        var id = await driver.FileAsync(TestParties.EnrolledVenue, ct, claim: 300m);

        await driver.WaitForStatusAsync(id, ComplaintStatus.Assigned, ct);
        await driver.AcknowledgeAsync(id, TestParties.EnrolledVenue.Id, ct);
        var closed = await driver.WaitForDraftAsync(id, ct);

        var missed = Assert.Single(closed.MissedDeadlines);
        Assert.Equal((DeadlineKind.Resolve, (PartyId?)TestParties.Merchant.Id), (missed.Kind, missed.Responsible));
        Assert.True(closed.Untimely);
        Assert.Equal(EscalationReason.ResolveDeadlineMissed, closed.Escalation);
        Assert.Equal(AdvanceCompensationTrigger.ResolveDeadline, closed.Payout?.Trigger);
        var paid = Assert.Single(await host.Get<IPayoutLedger>().ListAsync(TestParties.EnrolledVenue.Id, ct));
        Assert.Equal(300m, paid.Amount.Amount);
        await WaitForRecoveryClaimAsync(host, id, ct);
        var record = await PipelineAssert.DraftedAsync(driver.Store, host.Get<IDisclosureStore>(), id, ComplaintOutcome.AdvanceCompensated, ct);
        Assert.False(record.Timely);
        await PipelineAssert.CleanHistoryAsync(driver.Store, id, ct);
    }

    [Fact]
    public async Task A_refusal_with_no_enrolled_venue_goes_to_the_regulator_whose_mediation_closes_it()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, tag: "esc");
        var driver = host.Driver;
        var readModels = host.Get<IReadModelStore>();
        var id = await driver.FileAsync(TestParties.PlainVenue, ct);

        await driver.WaitForStatusAsync(id, ComplaintStatus.Assigned, ct);
        await driver.AcknowledgeAsync(id, TestParties.PlainVenue.Id, ct);
        await driver.RefuseAsync(id, ct);
        var escalated = await driver.WaitForStatusAsync(id, ComplaintStatus.Escalated, ct);
        Assert.Equal(EscalationReason.RefusedWithoutAdvanceCompensation, escalated.Escalation);
        var queued = await ReadModelTests.WaitForRowAsync(readModels, ReadModel.RegulatorQueue, "escalated", id, present: true, ct);
        var item = Storage.StorageJson.Deserialize<RegulatorQueueItem>(queued!.Json);
        Assert.Equal((TestParties.Merchant.Id, (PartyId?)TestParties.PlainVenue.Id, false), (item.Merchant, item.Venue, item.Untimely));

        await driver.MediateAsync(id, MediationOutcome.ConsumerUpheld, ct);
        var closed = await driver.WaitForDraftAsync(id, ct);

        Assert.Equal(MediationOutcome.ConsumerUpheld, closed.Mediation?.Outcome);
        Assert.Null(closed.Payout);
        var record = await PipelineAssert.DraftedAsync(driver.Store, host.Get<IDisclosureStore>(), id, ComplaintOutcome.Mediated, ct);
        Assert.Equal(HandlingRoute.RegulatorMediation, record.HowHandled);
        await ReadModelTests.WaitForRowAsync(readModels, ReadModel.RegulatorQueue, "escalated", id, present: false, ct);
        Assert.Empty(await host.Get<IPayoutLedger>().ListAsync(TestParties.PlainVenue.Id, ct));
        await PipelineAssert.CleanHistoryAsync(driver.Store, id, ct);
    }

    [Fact]
    public async Task A_missed_acknowledgement_makes_the_complaint_untimely_against_the_first_responder_and_escalates_it()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far with { Acknowledge = Short }, ct, tag: "ack");
        var driver = host.Driver;
        var readModels = host.Get<IReadModelStore>();
        var id = await driver.FileAsync(TestParties.EnrolledVenue, ct);

        var escalated = await driver.WaitForStatusAsync(id, ComplaintStatus.Escalated, ct);

        Assert.True(escalated.Untimely);
        Assert.Equal(EscalationReason.AcknowledgeDeadlineMissed, escalated.Escalation);
        var missed = Assert.Single(escalated.MissedDeadlines);
        Assert.Equal((DeadlineKind.Acknowledge, (PartyId?)TestParties.EnrolledVenue.Id), (missed.Kind, missed.Responsible));
        var events = await PipelineAssert.CleanHistoryAsync(driver.Store, id, ct);
        var recorded = Assert.Single(events.Select(e => e.Event).OfType<ComplaintEvent.DeadlineMissed>());
        Assert.Equal(TestParties.EnrolledVenue.Id, recorded.Responsible);
        Assert.Equal(escalated.AcknowledgeBy, recorded.DueAt);

        var queued = await ReadModelTests.WaitForRowAsync(readModels, ReadModel.RegulatorQueue, "escalated", id, present: true, ct);
        Assert.True(Storage.StorageJson.Deserialize<RegulatorQueueItem>(queued!.Json).Untimely, "The regulator's queue should flag the complaint untimely.");
        await Eventually.Until(
            async () => (await ReadModelTests.TrackRecordAsync(readModels, TestParties.EnrolledVenue.Id, id, ct))?.UntimelyResponses ?? 0,
            untimely => untimely == 1,
            TimeSpan.FromSeconds(30),
            "the venue's track record to count one untimely response",
            ct);

        await driver.MediateAsync(id, MediationOutcome.MerchantUpheld, ct);
        await driver.WaitForDraftAsync(id, ct);
        var record = await PipelineAssert.DraftedAsync(driver.Store, host.Get<IDisclosureStore>(), id, ComplaintOutcome.Mediated, ct);
        Assert.False(record.Timely);
    }

    [Fact]
    public async Task A_consumer_who_withdraws_ends_with_a_withdrawn_disclosure_draft()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, tag: "wdr");
        var driver = host.Driver;
        var id = await driver.FileAsync(null, ct, consent: false);

        var assigned = await driver.WaitForStatusAsync(id, ComplaintStatus.Assigned, ct);
        Assert.Equal(TestParties.Merchant.Id, assigned.FirstResponder);
        await driver.WithdrawAsync(id, ct);
        var withdrawn = await driver.WaitForDraftAsync(id, ct);

        Assert.Equal(ComplaintStatus.Withdrawn, withdrawn.Status);
        var record = await PipelineAssert.DraftedAsync(driver.Store, host.Get<IDisclosureStore>(), id, ComplaintOutcome.Withdrawn, ct);
        Assert.Equal((HandlingRoute.WithdrawnByConsumer, Payer.None, (PartyId?)null), (record.HowHandled, record.PaidBy, record.VenueId));
        await ReadModelTests.WaitForRowAsync(host.Get<IReadModelStore>(), ReadModel.Inbox, TestParties.Merchant.Id.Value, id, present: false, ct);
        await PipelineAssert.CleanHistoryAsync(driver.Store, id, ct);
    }

    [Fact]
    public async Task A_disputed_resolution_goes_to_mediation_and_the_mediation_deadline_closes_it_without_relief()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far with { Mediation = TimeSpan.FromSeconds(4) }, ct, tag: "dsp");
        var driver = host.Driver;
        var id = await driver.FileAsync(TestParties.EnrolledVenue, ct);

        await driver.WaitForStatusAsync(id, ComplaintStatus.Assigned, ct);
        await driver.AcknowledgeAsync(id, TestParties.EnrolledVenue.Id, ct);
        await driver.ProposeAsync(id, Remedy.Repair, null, ct);
        var disputed = await driver.DisputeAsync(id, ct);
        Assert.Equal(ComplaintStatus.InMediation, disputed.State.Status);
        var closed = await driver.WaitForDraftAsync(id, ct);

        Assert.Equal((MediationOutcome.NoAgreement, false), (closed.Mediation?.Outcome, closed.Mediation?.AdvanceCompensationOrdered));
        Assert.Empty(closed.MissedDeadlines);
        await PipelineAssert.DraftedAsync(driver.Store, host.Get<IDisclosureStore>(), id, ComplaintOutcome.ClosedWithoutRelief, ct);
        await ReadModelTests.WaitForRowAsync(host.Get<IReadModelStore>(), ReadModel.RegulatorQueue, "in-mediation", id, present: false, ct);
        Assert.Empty(await host.Get<IPayoutLedger>().ListAsync(TestParties.EnrolledVenue.Id, ct));
        await PipelineAssert.CleanHistoryAsync(driver.Store, id, ct);
    }

    [Fact]
    public async Task An_unanswered_proposal_is_confirmed_automatically_at_the_confirmation_deadline_and_closed()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far with { Confirm = Short }, ct, tag: "cnf");
        var driver = host.Driver;
        var id = await driver.FileAsync(TestParties.EnrolledVenue, ct);

        await driver.WaitForStatusAsync(id, ComplaintStatus.Assigned, ct);
        await driver.AcknowledgeAsync(id, TestParties.EnrolledVenue.Id, ct);
        await driver.ProposeAsync(id, Remedy.Replace, null, ct);
        var closed = await driver.WaitForDraftAsync(id, ct);

        Assert.True(closed.ConfirmedAutomatically, "The consumer never answered, so the confirmation should be automatic.");
        Assert.False(closed.Untimely);
        var record = await PipelineAssert.DraftedAsync(driver.Store, host.Get<IDisclosureStore>(), id, ComplaintOutcome.NonMonetaryRelief, ct);
        Assert.Equal(Payer.None, record.PaidBy);
        var events = await PipelineAssert.CleanHistoryAsync(driver.Store, id, ct);
        Assert.True(Assert.Single(events.Select(e => e.Event).OfType<ComplaintEvent.Confirmed>()).Automatically);
    }

    private static async Task<RecoveryClaimItem> WaitForRecoveryClaimAsync(PipelineHost host, ComplaintId id, CancellationToken ct) =>
        (await Eventually.Until(
            async () => (await PipelineAssert.RecoveryClaimsOfAsync(host.Get<IReadModelStore>(), TestParties.EnrolledVenue.Id, ct)).SingleOrDefault(c => c.ComplaintId == id),
            claim => claim is not null,
            TimeSpan.FromSeconds(30),
            $"a recovery claim row for {id} in the venue's list",
            ct))!;
}

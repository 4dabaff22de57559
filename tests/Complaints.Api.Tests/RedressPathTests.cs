using System.Net;
using System.Text.Json;
using Complaints.Api.Tests.Infrastructure;
using Complaints.Core.Credit;
using Complaints.Core.Ports;
using Complaints.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Complaints.Testing.ConfiguredParties;

namespace Complaints.Api.Tests;

/// <summary>
/// Issue 14 over real HTTP on the real local host: recovery claims run to an end (repayment confirmed, the venue's
/// record, the recovery deadline), offers that change (revised, above the claim, settled in mediation), the reason
/// no venue pays first, and who sees the claim.
/// </summary>
public sealed class RedressPathTests(ApiEnvironment environment, ITestOutputHelper output) : ApiTest(environment, output)
{
    [Fact]
    public async Task A_refused_complaint_paid_by_the_venue_is_recovered_by_repayments_the_venue_confirms_and_the_merchant_is_credited_for_it()
    {
        var api = await ApiAsync();
        var c = await api.RecoveryOpenAsync(ComplaintsApi.Filing(merchant: Alpha, venue: Mall, amount: 120.50m), Mall, Alpha);
        var opened = await api.ViewAsync(c);
        Views.Equal("refusal", opened, "payout", "trigger");
        Assert.Equal(120.50m, Views.Amount(opened, "recoveryClaim", "amount", "amount"));
        Assert.True(ComplaintsApi.Has(opened.GetProperty("recoveryClaim"), "recoverBy"), $"the claim carries its deadline: {opened}");

        // The merchant repays part; until the venue confirms it, it is only recorded.
        var recorded = (await api.RecordRepaymentAsync(c, Alpha, 60m, "TRX-60")).Expect(HttpStatusCode.OK).Json();
        Assert.Equal(60m, Views.Amount(recorded, "recoveryClaim", "pendingRepayment", "amount", "amount"));
        Views.Equal("TRX-60", recorded, "recoveryClaim", "pendingRepayment", "reference");
        Views.Equal("open", recorded, "recoveryClaim", "status");

        var confirmed = (await api.ConfirmRepaymentAsync(c, Mall)).Expect(HttpStatusCode.OK).Json();
        Assert.Equal(60m, Views.Amount(confirmed, "recoveryClaim", "repaid", "amount"));
        Views.Absent(confirmed.GetProperty("recoveryClaim"), "pendingRepayment", "the confirmed repayment no longer waits");
        Views.Equal("open", confirmed, "recoveryClaim", "status");

        // More than is still owed is refused naming the field; the rest ends the claim recovered.
        (await api.RecordRepaymentAsync(c, Alpha, 70m)).ExpectProblem(HttpStatusCode.BadRequest, "amount");
        (await api.RecordRepaymentAsync(c, Alpha, 60.50m, "TRX-6050")).Expect(HttpStatusCode.OK);
        var ended = (await api.ConfirmRepaymentAsync(c, Mall)).Expect(HttpStatusCode.OK).Json();
        Views.Equal("recovered", ended, "recoveryClaim", "status");
        Views.Equal("repaid-in-full", ended, "recoveryClaim", "endReason");
        Assert.Equal(120.50m, Views.Amount(ended, "recoveryClaim", "recovered", "amount"));
        Views.Absent(ended.GetProperty("recoveryClaim"), "unrecovered", "nothing is left unrecovered");
        Views.TimelineContainsInOrder(ended, "recovery-claim-opened", "repayment-recorded", "repayment-confirmed", "repayment-recorded", "repayment-confirmed", "recovery-claim-ended");

        // The claim has ended: no more repayments, and the venue's own record would contradict it.
        (await api.RecordRepaymentAsync(c, Alpha, 1m)).ExpectProblem(HttpStatusCode.Conflict);
        (await api.RecordRecoveryAsync(c, Mall, null)).ExpectProblem(HttpStatusCode.Conflict);

        // The merchant's track record (the credit tier's input) counts the claim as recovered, not unrecovered.
        var contribution = await WaitForContributionAsync(api, Alpha, c, r => r.Recovered == 1);
        Assert.Equal(0, contribution.Unrecovered);
        Assert.Equal(0m, contribution.UnrecoveredShare);
        Assert.Equal(0, contribution.RecoveryClaimsOpen);

        // Both parties list the claim as recovered, neither as open.
        foreach (var party in new[] { Mall, Alpha })
        {
            var item = await api.WaitForListItemAsync("api/operators/me/recovery-claims?status=recovered", api.Operator(party), i => ComplaintsApi.Str(i, "complaintId") == c.Id, $"the recovered claim for {party}");
            Assert.Equal(60m + 60.50m, Views.Amount(item, "repaid", "amount"));
            Assert.DoesNotContain(await api.AllPagesAsync("api/operators/me/recovery-claims", api.Operator(party)), i => ComplaintsApi.Str(i, "complaintId") == c.Id);
        }

        var payout = await api.WaitForListItemAsync("api/operators/me/payouts", api.Operator(Mall), i => ComplaintsApi.Str(i, "complaintId") == c.Id, "the mall's payout");
        Views.Equal("settled", payout, "status");
        Assert.Equal(120.50m, Views.Amount(payout, "amount", "amount"));
    }

    [Fact]
    public async Task The_venue_records_a_part_recovered_or_nothing_and_that_ends_the_claim()
    {
        var api = await ApiAsync();
        var part = await api.RecoveryOpenAsync(ComplaintsApi.Filing(merchant: Beta, venue: Mall, amount: 200m), Mall, Beta);
        var none = await api.RecoveryOpenAsync(ComplaintsApi.Filing(merchant: Beta, venue: Mall, amount: 80m), Mall, Beta);

        // Open claims are listed for the venue and for the merchant they are against, not for another merchant.
        await api.WaitForListItemAsync("api/operators/me/recovery-claims", api.Operator(Mall), i => ComplaintsApi.Str(i, "complaintId") == part.Id, "the venue's open claim");
        await api.WaitForListItemAsync("api/operators/me/recovery-claims?status=open", api.Operator(Beta), i => ComplaintsApi.Str(i, "complaintId") == part.Id, "the open claim against the merchant");
        Assert.DoesNotContain(await api.AllPagesAsync("api/operators/me/recovery-claims", api.Operator(Gamma)), i => ComplaintsApi.Str(i, "complaintId") == part.Id);

        // More than the claim is refused naming the field; the venue recovered 50 of 200.
        (await api.RecordRecoveryAsync(part, Mall, 250m)).ExpectProblem(HttpStatusCode.BadRequest, "amount");
        (await api.Http.PostAsync($"{part.Path}/recovery", api.Operator(Mall), new { })).ExpectProblem(HttpStatusCode.BadRequest, "amount");
        var partly = (await api.RecordRecoveryAsync(part, Mall, 50m)).Expect(HttpStatusCode.OK).Json();
        Views.Equal("partly-recovered", partly, "recoveryClaim", "status");
        Views.Equal("venue-recorded", partly, "recoveryClaim", "endReason");
        Assert.Equal(50m, Views.Amount(partly, "recoveryClaim", "recovered", "amount"));
        Assert.Equal(150m, Views.Amount(partly, "recoveryClaim", "unrecovered", "amount"));
        (await api.RecordRecoveryAsync(part, Mall, 50m)).Expect(HttpStatusCode.OK, "the same record again changes nothing");
        (await api.RecordRecoveryAsync(part, Mall, 60m)).ExpectProblem(HttpStatusCode.Conflict);

        var nothing = (await api.RecordRecoveryAsync(none, Mall, null)).Expect(HttpStatusCode.OK).Json();
        Views.Equal("unrecovered", nothing, "recoveryClaim", "status");
        Views.Absent(nothing.GetProperty("recoveryClaim"), "recovered", "nothing came back");
        Assert.Equal(80m, Views.Amount(nothing, "recoveryClaim", "unrecovered", "amount"));

        var partContribution = await WaitForContributionAsync(api, Beta, part, r => r.PartlyRecovered == 1);
        Assert.Equal(0.75m, partContribution.UnrecoveredShare);
        var noneContribution = await WaitForContributionAsync(api, Beta, none, r => r.Unrecovered == 1);
        Assert.Equal(1m, noneContribution.UnrecoveredShare);
        await api.WaitForListItemAsync("api/operators/me/recovery-claims?status=partly-recovered", api.Operator(Beta), i => ComplaintsApi.Str(i, "complaintId") == part.Id, "the partly recovered claim");
        await api.WaitForListItemAsync("api/operators/me/recovery-claims?status=unrecovered", api.Operator(Mall), i => ComplaintsApi.Str(i, "complaintId") == none.Id, "the unrecovered claim");
    }

    [Fact]
    public async Task The_recovery_deadline_ends_the_claim_with_what_the_venue_confirmed()
    {
        var api = await ApiAsync(ApiEnvironment.DeadlinesHost);
        // The merchant refuses, or lets the seconds-long resolve deadline pass: either way the mall pays first.
        var untouched = await api.AcknowledgedAsync(ComplaintsApi.Filing(merchant: Gamma, venue: Mall, amount: 100m), Mall);
        await api.RefuseAsync(untouched, Gamma);
        var partly = await api.AcknowledgedAsync(ComplaintsApi.Filing(merchant: Gamma, venue: Mall, amount: 100m), Mall);
        await api.RefuseAsync(partly, Gamma);

        // On the second, a repayment the venue confirmed counts; a later one it did not confirm does not. The
        // deadline is seconds away, so the claim may end before each step: then that step is refused as too late.
        await api.WaitUntilAsync(partly, v => ComplaintsApi.Has(v, "recoveryClaim"), "the recovery claim");
        var confirmedOne = (await api.RecordRepaymentAsync(partly, Gamma, 30m)).Code == 200 && (await api.ConfirmRepaymentAsync(partly, Mall)).Code == 200;
        if (confirmedOne)
        {
            await api.RecordRepaymentAsync(partly, Gamma, 20m);
        }

        var ended = await api.WaitUntilAsync(untouched, v => ComplaintsApi.Str(v, "recoveryClaim", "endReason") == "deadline-passed", "the recovery deadline");
        Views.Equal("unrecovered", ended, "recoveryClaim", "status");
        Assert.Equal(100m, Views.Amount(ended, "recoveryClaim", "unrecovered", "amount"));
        Views.TimelineContainsInOrder(ended, "payout-settled", "recovery-claim-opened", "recovery-claim-ended");
        Views.Absent(ended.GetProperty("recoveryClaim"), "recovered", "nothing was repaid");
        Assert.Equal(1, (await WaitForContributionAsync(api, Gamma, untouched, r => r.Unrecovered == 1)).Unrecovered);

        var second = await api.WaitUntilAsync(partly, v => ComplaintsApi.Str(v, "recoveryClaim", "endReason") is not null, "the second claim's end");
        Output.WriteLine($"the second claim: a repayment confirmed before the deadline: {confirmedOne}; {second.GetProperty("recoveryClaim")}");
        if (ComplaintsApi.Str(second, "recoveryClaim", "endReason") == "deadline-passed" && confirmedOne)
        {
            Views.Equal("partly-recovered", second, "recoveryClaim", "status");
            Assert.Equal(30m, Views.Amount(second, "recoveryClaim", "recovered", "amount"));
            Assert.Equal(70m, Views.Amount(second, "recoveryClaim", "unrecovered", "amount"));
        }
        else
        {
            Views.Equal("unrecovered", second, "recoveryClaim", "status");
        }

        (await api.RecordRepaymentAsync(untouched, Gamma, 10m)).ExpectProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_consumer_never_sees_the_recovery_claim_and_may_not_act_on_it()
    {
        var api = await ApiAsync();
        var c = await api.RecoveryOpenAsync(ComplaintsApi.Filing(merchant: Gamma, venue: Mall), Mall, Gamma);
        (await api.RecordRepaymentAsync(c, Gamma, 10m)).Expect(HttpStatusCode.OK);

        var consumer = (await api.GetAsync(c, c.Consumer)).Expect(HttpStatusCode.OK);
        Views.Absent(consumer.Json(), "recoveryClaim", "the claim is between venue and merchant");
        Assert.DoesNotContain("recovery-claim", consumer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("repayment", consumer.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("TRX-0001", consumer.Body, StringComparison.Ordinal);
        Views.Equal("advance-compensated", consumer.Json(), "outcome");

        foreach (var party in new[] { Gamma, Mall })
        {
            Views.Present((await api.GetAsync(c, api.Operator(party))).Expect(HttpStatusCode.OK).Json(), "recoveryClaim", $"{party} is a party to the claim");
        }

        Views.Present(await api.ViewAsync(c), "recoveryClaim", "the regulator sees the claim");

        (await api.Http.PostAsync($"{c.Path}/recovery/repayment", c.Consumer, new { amount = new { amount = 1m, currency = "CNY" } })).ExpectProblem(HttpStatusCode.Forbidden);
        (await api.Http.PostAsync($"{c.Path}/recovery/repayment/confirmation", c.Consumer)).ExpectProblem(HttpStatusCode.Forbidden);
        (await api.Http.PostAsync($"{c.Path}/recovery", c.Consumer, new { nothingRecovered = true })).ExpectProblem(HttpStatusCode.Forbidden);
        (await api.Http.GetAsync("api/operators/me/recovery-claims", c.Consumer)).ExpectProblem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_revised_offer_is_in_the_timeline_restarts_the_confirm_deadline_and_closes_the_complaint_when_accepted()
    {
        var api = await ApiAsync();
        var c = await api.ResolutionProposedAsync(ComplaintsApi.Filing(merchant: Alpha, amount: 120.50m), Alpha, Alpha);
        var first = await api.ViewAsync(c);
        var firstConfirmBy = first.GetProperty("deadlines").GetProperty("confirmBy").GetDateTimeOffset();
        Assert.Equal(0, first.GetProperty("resolution").GetProperty("revisions").GetInt32());

        var revised = (await api.ProposeAsync(c, Alpha, amount: 110m, note: "All of it but the delivery.")).Expect(HttpStatusCode.OK).Json();
        Assert.Equal(1, revised.GetProperty("resolution").GetProperty("revisions").GetInt32());
        Assert.Equal(110m, Views.Amount(revised, "resolution", "amount", "amount"));
        Assert.True(revised.GetProperty("deadlines").GetProperty("confirmBy").GetDateTimeOffset() > firstConfirmBy, $"the revision restarts the confirm deadline: {revised.GetProperty("deadlines")}");
        var entry = TimelineEntry(revised, "resolution-revised");
        Assert.Equal(1, entry.GetProperty("revision").GetInt32());
        Assert.False(entry.GetProperty("exceedsClaim").GetBoolean(), $"110 of 120.50 does not exceed the claim: {entry}");

        // The consumer sees the revision too, and accepts it.
        var seen = (await api.GetAsync(c, c.Consumer)).Expect(HttpStatusCode.OK).Json();
        Views.TimelineContainsInOrder(seen, "resolution-proposed", "resolution-revised");
        (await api.ConfirmAsync(c)).Expect(HttpStatusCode.OK);
        var closed = await api.WaitForStatusAsync(c, "closed");
        Views.Equal("monetary-relief", closed, "outcome");
        Assert.Equal(110m, Views.Amount(closed, "resolution", "amount", "amount"));
        (await api.ProposeAsync(c, Alpha, amount: 100m)).ExpectProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task An_offer_above_the_amount_claimed_is_accepted_and_flagged()
    {
        var api = await ApiAsync();
        var c = await api.AcknowledgedAsync(ComplaintsApi.Filing(merchant: Beta, amount: 120.50m), Beta);
        var view = (await api.ProposeAsync(c, Beta, remedy: "compensation", amount: 150m, note: "With our apologies.")).Expect(HttpStatusCode.OK).Json();
        Assert.True(view.GetProperty("resolution").GetProperty("exceedsClaim").GetBoolean(), $"150 exceeds the 120.50 claimed: {view.GetProperty("resolution")}");
        Assert.True(TimelineEntry(view, "resolution-proposed").GetProperty("exceedsClaim").GetBoolean(), "the timeline flags it");
        var consumer = (await api.GetAsync(c, c.Consumer)).Expect(HttpStatusCode.OK).Json();
        Assert.True(consumer.GetProperty("resolution").GetProperty("exceedsClaim").GetBoolean(), "the consumer sees the flag too");
    }

    [Fact]
    public async Task A_settlement_in_mediation_closes_the_complaint_resolved_in_mediation_for_the_regulator_to_see()
    {
        var api = await ApiAsync();
        var c = await api.InMediationAsync(ComplaintsApi.Filing(merchant: Gamma), Gamma, Gamma);
        Views.Equal("in-mediation", await api.ViewAsync(c), "status");

        // A first offer in mediation is declined; mediation goes on, and the merchant offers again.
        var offered = (await api.ProposeAsync(c, Gamma, amount: 90m, note: "Most of it.")).Expect(HttpStatusCode.OK).Json();
        Views.Equal("in-mediation", offered, "status");
        Assert.True(offered.GetProperty("resolution").GetProperty("inMediation").GetBoolean(), $"an offer in mediation: {offered.GetProperty("resolution")}");
        (await api.DisputeAsync(c, "Not enough.")).Expect(HttpStatusCode.OK);
        var declined = await api.ViewAsync(c);
        Views.Equal("in-mediation", declined, "status");
        Assert.True(declined.GetProperty("resolution").GetProperty("declined").GetBoolean(), $"declined: {declined.GetProperty("resolution")}");

        (await api.ProposeAsync(c, Gamma, amount: 120.50m, note: "All of it.")).Expect(HttpStatusCode.OK);
        (await api.ConfirmAsync(c)).Expect(HttpStatusCode.OK);
        var closed = await api.WaitForStatusAsync(c, "closed");
        Views.Equal("resolved-in-mediation", closed, "outcome");
        Views.TimelineContainsInOrder(closed, "disputed", "resolution-proposed-in-mediation", "proposal-declined", "resolution-proposed-in-mediation", "confirmed", "closed");
        (await api.MediateAsync(c)).ExpectProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_refusal_no_venue_pays_for_tells_the_consumer_why_in_a_sentence()
    {
        var api = await ApiAsync();

        // The mall's cap is in CNY; a claim in USD is not covered, and the consumer is told so.
        var c = await api.AcknowledgedAsync(ComplaintsApi.Filing(merchant: Alpha, venue: Mall, amount: 40m, currency: "USD"), Mall);
        (await api.RefuseAsync(c, Alpha)).Expect(HttpStatusCode.OK);
        await api.WaitForStatusAsync(c, "escalated");
        var consumer = (await api.GetAsync(c, c.Consumer)).Expect(HttpStatusCode.OK).Json();
        Views.Equal("refused-without-advance-compensation", consumer, "escalation");
        Views.Equal("cap-in-other-currency", consumer, "notCovered", "reason");
        var sentence = ComplaintsApi.Str(consumer, "notCovered", "explanation");
        Assert.False(string.IsNullOrWhiteSpace(sentence), $"a sentence for the consumer: {consumer}");
        Assert.Contains("currency", sentence!, StringComparison.Ordinal);
        Assert.EndsWith(".", sentence, StringComparison.Ordinal);

        var unenrolled = await api.AcknowledgedAsync(ComplaintsApi.Filing(merchant: Alpha, venue: Market), Market);
        (await api.RefuseAsync(unenrolled, Alpha)).Expect(HttpStatusCode.OK);
        await api.WaitForStatusAsync(unenrolled, "escalated");
        Views.Equal("venue-not-enrolled", (await api.GetAsync(unenrolled, unenrolled.Consumer)).Expect(HttpStatusCode.OK).Json(), "notCovered", "reason");
    }

    private static JsonElement TimelineEntry(JsonElement view, string type) =>
        view.GetProperty("timeline").EnumerateArray().Last(e => ComplaintsApi.Str(e, "type") == type);

    /// <summary>The complaint's contribution to the party's track record, as the projection stored it (the credit tier's input).</summary>
    private static async Task<TrackRecord> WaitForContributionAsync(ComplaintsApi api, string party, Filed c, Func<TrackRecord, bool> done)
    {
        var readModels = api.Http.Host.Services.GetRequiredService<IReadModelStore>();
        return await Complaints.Testing.Eventually.Until(
            async () =>
            {
                var rows = new List<ReadModelRow>();
                string? cursor = null;
                do
                {
                    var page = await readModels.QueryAsync(ReadModel.TrackRecords, party, 1000, cursor, api.Http.Cancellation);
                    rows.AddRange(page.Items);
                    cursor = page.Cursor;
                }
                while (cursor is not null);

                return rows.SingleOrDefault(r => r.Row == c.Id) is { } row ? StorageJson.Deserialize<TrackRecordRow>(row.Json).Contribution : TrackRecord.Empty;
            },
            done,
            ComplaintsApi.StageTimeout,
            $"the track record of {party} for {c.Id}",
            api.Http.Cancellation);
    }
}

using System.Net;
using System.Text.Json;
using Complaints.Api.Tests.Infrastructure;
using Xunit.Abstractions;
using static Complaints.Testing.ConfiguredParties;

namespace Complaints.Api.Tests;

/// <summary>
/// Every path of the pipeline that people drive, through the API, by consumer, operators and regulator, on the host
/// with production-like deadlines (no timer can race a manual step). The queue-driven stages are polled for.
/// </summary>
public sealed class PipelinePathTests(ApiEnvironment environment, ITestOutputHelper output) : ApiTest(environment, output)
{
    [Fact]
    public async Task Resolve_and_confirm_closes_the_complaint_as_monetary_relief_and_the_consumer_rates_it()
    {
        var api = await ApiAsync();
        var filed = (await api.FileRawAsync(ComplaintsApi.Filing(merchant: Alpha))).Expect(HttpStatusCode.Created);
        var body = filed.Json();
        Assert.Equal(43, body.GetProperty("trackingToken").GetString()!.Length);
        var c = new Filed(body.GetProperty("complaintId").GetString()!, body.GetProperty("trackingToken").GetString()!);
        Assert.Equal($"/api/complaints/{c.Id}", filed.Headers.Location?.ToString());

        var assigned = await api.WaitForStatusAsync(c, "assigned");
        Views.Equal(Alpha, assigned, "parties", "firstResponder");
        Assert.True(ComplaintsApi.Has(assigned.GetProperty("deadlines"), "acknowledgeBy"), "an assigned complaint shows its acknowledgement deadline");

        var inbox = await api.WaitForListItemAsync("api/operators/me/complaints", api.Operator(Alpha), i => ComplaintsApi.Str(i, "complaintId") == c.Id, "the new complaint");
        Views.Equal("acknowledge", inbox, "action");

        Views.Equal("acknowledged", (await api.AcknowledgeAsync(c, Alpha)).Expect(HttpStatusCode.OK).Json(), "status");
        var proposed = (await api.ProposeAsync(c, Alpha, "refund", 100m)).Expect(HttpStatusCode.OK).Json();
        Views.Equal("resolution-proposed", proposed, "status");

        var consumerView = (await api.GetAsync(c, c.Consumer)).Expect(HttpStatusCode.OK).Json();
        Views.Equal("refund", consumerView, "resolution", "remedy");
        Assert.Equal(100m, Views.Amount(consumerView, "resolution", "amount", "amount"));

        // The answer reflects the command (and whatever the workflow did since: closing follows at once).
        Views.StatusIsOneOf((await api.ConfirmAsync(c)).Expect(HttpStatusCode.OK).Json(), "resolved", "closed");
        var closed = await api.WaitForStatusAsync(c, "closed");
        Views.Equal("monetary-relief", closed, "outcome");
        Views.Timely(true, closed);

        var rated = (await api.EvaluateAsync(c, 5, "Quick and fair.")).Expect(HttpStatusCode.OK).Json();
        Assert.Equal(5, rated.GetProperty("evaluation").GetProperty("rating").GetInt32());
        (await api.EvaluateAsync(c, 2)).ExpectProblem(HttpStatusCode.Conflict);

        var final = await api.WaitUntilAsync(c, v => ComplaintsApi.Has(v, "disclosure"), "a disclosure draft");
        Views.TimelineContainsInOrder(final, "filed", "first-responder-assigned", "acknowledged", "resolution-proposed", "confirmed", "closed", "evaluated");
        Views.TimelineContainsInOrder(final, "closed", "disclosure-drafted");
    }

    [Fact]
    public async Task Refusal_with_an_enrolled_venue_is_compensated_by_the_venue_then_disclosed_without_anything_that_identifies_the_consumer()
    {
        var api = await ApiAsync();
        const string name = "Zhang Xiaoming";
        const string phone = "+86 139 1234 5678";
        const string email = "zhang.xm@example.org";
        var narrative = $"I am {name}. The blender from the mall shop broke at once. Call me on {phone} or write to {email}. The shop refused to help.";
        var c = await api.FileAsync(ComplaintsApi.Filing(merchant: Alpha, venue: Mall, amount: 800m, description: narrative, consent: true, name: name, phone: phone, email: email));
        var assigned = await api.WaitForStatusAsync(c, "assigned");
        Views.Equal(Mall, assigned, "parties", "firstResponder");

        // First-inquiry responsibility: the mall answers; the merchant may not acknowledge in its place.
        (await api.AcknowledgeAsync(c, Alpha)).ExpectProblem(HttpStatusCode.Forbidden);
        (await api.AcknowledgeAsync(c, Mall)).Expect(HttpStatusCode.OK);
        Assert.Contains("refused", Views.Timeline((await api.RefuseAsync(c, Alpha)).Expect(HttpStatusCode.OK).Json()));

        var closed = await api.WaitForStatusAsync(c, "closed");
        Views.Equal("advance-compensated", closed, "outcome");
        var payout = Views.Present(closed, "payout", "the venue paid first");
        Assert.Equal(MallCap, Views.Amount(payout, "amount", "amount"));
        Views.Equal("settled", payout, "status");
        Views.Equal("refusal", payout, "trigger");
        Views.Equal(Mall, payout, "venue");
        Views.TimelineContainsInOrder(closed, "refused", "advance-compensation-requested", "payout-settled", "recovery-claim-opened", "closed");

        // The consumer sees the payout, not the recovery claim, and not the contact details (they are the consumer's own).
        var consumerView = (await api.GetAsync(c, c.Consumer)).Expect(HttpStatusCode.OK).Json();
        Views.Present(consumerView, "payout", "the consumer sees who paid");
        Views.Absent(consumerView, "recoveryClaim", "the recovery claim is between venue and merchant");
        Assert.DoesNotContain("recovery-claim-opened", Views.Timeline(consumerView));
        Views.TimelineContainsInOrder(consumerView, "refused", "advance-compensation-requested", "payout-settled", "closed");
        Views.Absent(consumerView.GetProperty("details"), "consumer", "the consumer view carries no contact details");
        Views.Absent(consumerView, "disclosure", "disclosure review is the regulator's");

        // Both named parties and the regulator see the recovery claim and the consumer's contact.
        foreach (var reader in new[] { api.Operator(Alpha), api.Operator(Mall), api.Regulator })
        {
            var view = (await api.GetAsync(c, reader)).Expect(HttpStatusCode.OK).Json();
            var claim = Views.Present(view, "recoveryClaim", $"{reader} may see the recovery claim");
            Views.TimelineContainsInOrder(view, "payout-settled", "recovery-claim-opened", "closed");
            Assert.Equal(MallCap, Views.Amount(claim, "amount", "amount"));
            Views.Equal(Mall, claim, "venue");
            Views.Equal(Alpha, claim, "merchant");
            var contact = Views.Present(view.GetProperty("details"), "consumer", $"{reader} is named on the complaint");
            Views.Equal(phone, contact, "phone");
        }

        (await api.GetAsync(c, api.Operator(Gamma))).ExpectProblem(HttpStatusCode.NotFound);

        // The draft is on the regulator's list, with the complaint id; the regulator publishes it.
        var disclosureId = await api.WaitForDisclosureAsync(c);
        var draft = await api.WaitForListItemAsync("api/regulator/disclosures?status=draft", api.Regulator, i => ComplaintsApi.Str(i, "disclosureId") == disclosureId, "the draft");
        Views.Equal(c.Id, draft, "complaintId");
        Views.Equal("published", (await api.PublishAsync(disclosureId)).Expect(HttpStatusCode.OK).Json(), "status");
        Views.Equal("disclosed", await api.WaitForStatusAsync(c, "disclosed"), "status");
        await api.WaitForListItemAsync("api/regulator/disclosures?status=published", api.Regulator, i => ComplaintsApi.Str(i, "disclosureId") == disclosureId, "the published record");

        // The public feed (no credentials) has it, and nothing that links back to the complaint or the consumer.
        var item = await api.WaitForListItemAsync("api/public/disclosures", Credential.None, i => ComplaintsApi.Str(i, "disclosureId") == disclosureId, "the published record");
        Views.Equal("advance-compensated", item, "outcome");
        Views.Equal(Alpha, item, "merchant", "id");

        // The category and outcome filters (their own partitions) find it; other values do not.
        var category = ComplaintsApi.Str(item, "category")!;
        var otherCategory = category == "delivery" ? "pricing" : "delivery";
        Assert.Contains(await api.AllPagesAsync($"api/public/disclosures?category={category}", Credential.None), i => ComplaintsApi.Str(i, "disclosureId") == disclosureId);
        Assert.Contains(await api.AllPagesAsync("api/public/disclosures?outcome=advance-compensated", Credential.None), i => ComplaintsApi.Str(i, "disclosureId") == disclosureId);
        Assert.Contains(await api.AllPagesAsync($"api/public/disclosures?outcome=advance-compensated&category={category}", Credential.None), i => ComplaintsApi.Str(i, "disclosureId") == disclosureId);
        Assert.DoesNotContain(await api.AllPagesAsync($"api/public/disclosures?category={otherCategory}", Credential.None), i => ComplaintsApi.Str(i, "disclosureId") == disclosureId);
        Assert.DoesNotContain(await api.AllPagesAsync("api/public/disclosures?outcome=withdrawn", Credential.None), i => ComplaintsApi.Str(i, "disclosureId") == disclosureId);
        Assert.All(await api.AllPagesAsync($"api/public/disclosures?category={category}", Credential.None), i => Assert.Equal(category, ComplaintsApi.Str(i, "category")));
        Views.Equal(Mall, item, "venue", "id");
        Views.Equal("venue", item, "paidBy");
        var published = item.GetRawText();
        var secrets = new[] { c.Id, c.Token, name, "Zhang", phone, "139 1234 5678", "13912345678", email };
        AssertContainsNone(published, secrets, "the public JSON record");
        Assert.Contains("blender", ComplaintsApi.Str(item, "narrative") ?? string.Empty, StringComparison.Ordinal);

        var feed = (await api.Http.GetAsync("api/public/disclosures", Credential.None)).Expect(HttpStatusCode.OK);
        AssertContainsNone(feed.Body, secrets, "the public JSON feed");
        var csv = (await api.Http.GetAsync("api/public/disclosures", Credential.None, accept: "text/csv")).Expect(HttpStatusCode.OK);
        Assert.StartsWith("text/csv", csv.ContentType, StringComparison.Ordinal);
        Assert.StartsWith("disclosure_id,", csv.Body, StringComparison.Ordinal);
        Assert.Contains(disclosureId, csv.Body, StringComparison.Ordinal);
        AssertContainsNone(csv.Body, secrets, "the public CSV feed");
    }

    [Fact]
    public async Task Refusal_when_the_venue_is_not_enrolled_escalates_to_the_regulator_who_records_the_mediation_outcome()
    {
        var api = await ApiAsync();
        var c = await api.AcknowledgedAsync(ComplaintsApi.Filing(merchant: Beta, venue: Market, category: "delivery"), firstResponder: Market);
        (await api.RefuseAsync(c, Beta)).Expect(HttpStatusCode.OK);
        var escalated = await api.WaitForStatusAsync(c, "escalated");
        Views.Equal("refused-without-advance-compensation", escalated, "escalation");
        Views.Absent(escalated, "payout", "the market is not enrolled in advance compensation");

        var listed = await api.WaitForListItemAsync("api/regulator/complaints?status=escalated", api.Regulator, i => ComplaintsApi.Str(i, "complaintId") == c.Id, "the escalated complaint");
        Views.Equal(Beta, listed, "merchant");
        Views.Equal(Market, listed, "venue");

        // No venue on this complaint pays first, so advance compensation cannot be ordered.
        (await api.MediateAsync(c, "consumer-upheld", orderAdvanceCompensation: true)).ExpectProblem(HttpStatusCode.Conflict);
        Views.StatusIsOneOf((await api.MediateAsync(c, "consumer-upheld")).Expect(HttpStatusCode.OK).Json(), "mediated", "closed");
        var closed = await api.WaitForStatusAsync(c, "closed");
        Views.Equal("mediated", closed, "outcome");
        Views.Equal("consumer-upheld", closed, "mediation", "outcome");
        Views.TimelineContainsInOrder(closed, "refused", "escalated", "mediation-outcome-recorded", "closed");
        await Eventually(api, async () => !(await api.AllPagesAsync("api/regulator/complaints?status=escalated", api.Regulator)).Any(i => ComplaintsApi.Str(i, "complaintId") == c.Id),
            "the closed complaint to leave the regulator's escalated list");
    }

    [Fact]
    public async Task Withdrawal_ends_the_complaint_and_drafts_a_withdrawn_disclosure()
    {
        var api = await ApiAsync();
        var c = await api.AssignedAsync(ComplaintsApi.Filing(merchant: Gamma, venue: Platform));
        Views.Equal("withdrawn", (await api.WithdrawAsync(c)).Expect(HttpStatusCode.OK).Json(), "status");
        Views.Equal("withdrawn", (await api.WithdrawAsync(c)).Expect(HttpStatusCode.OK, "withdrawing twice changes nothing").Json(), "status");
        (await api.AcknowledgeAsync(c, Platform)).ExpectProblem(HttpStatusCode.Conflict);
        (await api.EvaluateAsync(c, 4)).ExpectProblem(HttpStatusCode.Conflict);

        var disclosureId = await api.WaitForDisclosureAsync(c);
        var draft = await api.WaitForListItemAsync("api/regulator/disclosures?status=draft", api.Regulator, i => ComplaintsApi.Str(i, "disclosureId") == disclosureId, "the draft");
        Views.Equal("withdrawn", draft, "record", "outcome");
        var view = await api.ViewAsync(c);
        Views.Equal("withdrawn", view, "outcome");
        Views.TimelineContainsInOrder(view, "filed", "first-responder-assigned", "withdrawn", "disclosure-drafted");
    }

    [Fact]
    public async Task Dispute_goes_to_mediation_and_a_mediation_order_makes_the_enrolled_platform_pay()
    {
        var api = await ApiAsync();
        var c = await api.AcknowledgedAsync(ComplaintsApi.Filing(merchant: Beta, venue: Platform, amount: 4200m), firstResponder: Platform);
        (await api.ProposeAsync(c, Beta, "repair", amount: null, note: "We will repair it.")).Expect(HttpStatusCode.OK);
        (await api.DisputeAsync(c, reason: "", as_: c.Consumer)).ExpectProblem(HttpStatusCode.BadRequest, "reason");
        Views.Equal("in-mediation", (await api.DisputeAsync(c, "A repair is not enough; it broke twice.")).Expect(HttpStatusCode.OK).Json(), "status");
        var listed = await api.WaitForListItemAsync("api/regulator/complaints?status=in-mediation", api.Regulator, i => ComplaintsApi.Str(i, "complaintId") == c.Id, "the disputed complaint");
        Assert.True(ComplaintsApi.Has(listed, "mediationBy"), $"the in-mediation item shows its mediation deadline: {listed}");

        Assert.Contains("mediation-outcome-recorded", Views.Timeline((await api.MediateAsync(c, "consumer-upheld", orderAdvanceCompensation: true)).Expect(HttpStatusCode.OK).Json()));
        var closed = await api.WaitForStatusAsync(c, "closed");
        Views.Equal("advance-compensated", closed, "outcome");
        Views.Equal("mediation-order", closed, "payout", "trigger");
        Assert.Equal(PlatformCap, Views.Amount(closed, "payout", "amount", "amount"));
        Views.TimelineContainsInOrder(closed, "resolution-proposed", "disputed", "mediation-outcome-recorded", "advance-compensation-requested", "payout-settled", "recovery-claim-opened", "closed");
    }

    [Fact]
    public async Task The_regulator_withholds_a_disclosure_giving_a_reason_and_it_never_reaches_the_public_feed()
    {
        var api = await ApiAsync();
        var (c, disclosureId) = await api.DraftDisclosureAsync(ComplaintsApi.Filing(merchant: Alpha, consent: true));
        (await api.WithholdAsync(disclosureId, reason: "")).ExpectProblem(HttpStatusCode.BadRequest, "reason");
        (await api.Http.PostAsync($"api/regulator/disclosures/{disclosureId}/withhold", api.Regulator)).ExpectProblem(HttpStatusCode.BadRequest);
        var withheld = (await api.WithholdAsync(disclosureId, "The narrative names a third party.")).Expect(HttpStatusCode.OK).Json();
        Views.Equal("withheld", withheld, "status");
        Views.Equal(c.Id, withheld, "complaintId");
        (await api.PublishAsync(disclosureId)).ExpectProblem(HttpStatusCode.Conflict);

        await api.WaitForListItemAsync("api/regulator/disclosures?status=withheld", api.Regulator, i => ComplaintsApi.Str(i, "disclosureId") == disclosureId, "the withheld record");
        var view = await api.ViewAsync(c);
        Views.Equal("withheld", view, "disclosure", "status");
        Views.TimelineContainsInOrder(view, "disclosure-drafted", "disclosure-withheld");

        // The regulator's review is the regulator's: neither the consumer nor the merchant sees the draft or the withholding.
        foreach (var reader in new[] { c.Consumer, api.Operator(Alpha) })
        {
            var other = (await api.GetAsync(c, reader)).Expect(HttpStatusCode.OK).Json();
            Views.Absent(other, "disclosure", "disclosure review is the regulator's");
            Assert.DoesNotContain("disclosure-withheld", Views.Timeline(other));
            Assert.DoesNotContain("disclosure-drafted", Views.Timeline(other));
        }
        var feed = await api.AllPagesAsync("api/public/disclosures", Credential.None);
        Assert.DoesNotContain(feed, i => ComplaintsApi.Str(i, "disclosureId") == disclosureId);
    }

    private static void AssertContainsNone(string text, IEnumerable<string> secrets, string where)
    {
        var leaked = secrets.Where(s => text.Contains(s, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(leaked.Count == 0, $"{where} must not contain [{string.Join(", ", leaked)}]");
    }

    private static Task Eventually(ComplaintsApi api, Func<Task<bool>> condition, string what) =>
        Complaints.Testing.Eventually.Until(condition, ComplaintsApi.StageTimeout, what, api.Http.Cancellation);
}

using System.Net;
using Complaints.Api.Tests.Infrastructure;
using Xunit.Abstractions;
using static Complaints.Testing.ConfiguredParties;

namespace Complaints.Api.Tests;

/// <summary>
/// The paths that a deadline drives, on hosts whose deadlines are seconds long. The <c>deadlines</c> host gives a
/// day to acknowledge (so acknowledging never races a timer) and seconds to resolve, confirm and mediate; the
/// <c>ack-deadline</c> host gives seconds to acknowledge and days for the rest. Tests assert what happened, never
/// how long it took.
/// </summary>
public sealed class DeadlinePathTests(ApiEnvironment environment, ITestOutputHelper output) : ApiTest(environment, output)
{
    [Fact]
    public async Task Resolve_deadline_passing_with_an_enrolled_venue_makes_the_venue_pay_and_marks_the_complaint_untimely()
    {
        var api = await ApiAsync(ApiEnvironment.DeadlinesHost);
        var c = await api.AcknowledgedAsync(ComplaintsApi.Filing(merchant: Alpha, venue: Mall, category: "refund-return", amount: 200m), firstResponder: Mall);
        var closed = await api.WaitForStatusAsync(c, "closed");
        Views.Equal("resolve-deadline-missed", closed, "escalation");
        Views.Equal("resolve-deadline", closed, "payout", "trigger");
        Assert.Equal(200m, Views.Amount(closed, "payout", "amount", "amount"));
        Views.Equal("advance-compensated", closed, "outcome");
        Views.Timely(false, closed);
        Views.TimelineContainsInOrder(closed, "acknowledged", "deadline-missed", "escalated", "advance-compensation-requested", "payout-settled", "recovery-claim-opened", "closed");

        // Too late for the merchant now.
        (await api.ProposeAsync(c, Alpha)).ExpectProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Resolve_deadline_passing_without_a_venue_escalates_and_the_mediation_deadline_closes_without_relief()
    {
        var api = await ApiAsync(ApiEnvironment.DeadlinesHost);
        var c = await api.AcknowledgedAsync(ComplaintsApi.Filing(merchant: Beta), firstResponder: Beta);
        var escalated = await api.WaitUntilAsync(c, v => Views.Timeline(v).Contains("escalated"), "escalation after the resolve deadline");
        Views.Equal("resolve-deadline-missed", escalated, "escalation");
        Views.Timely(false, escalated);

        var closed = await api.WaitForStatusAsync(c, "closed");
        Views.Equal("no-agreement", closed, "mediation", "outcome");
        Views.Equal("closed-without-relief", closed, "outcome");
        Views.TimelineContainsInOrder(closed, "acknowledged", "deadline-missed", "escalated", "mediation-outcome-recorded", "closed");
    }

    [Fact]
    public async Task Confirm_deadline_passing_accepts_the_proposed_resolution_and_closes()
    {
        var api = await ApiAsync(ApiEnvironment.DeadlinesHost);
        var c = await api.ResolutionProposedAsync(ComplaintsApi.Filing(merchant: Gamma), firstResponder: Gamma, proposer: Gamma);
        var closed = await api.WaitForStatusAsync(c, "closed");
        Views.Equal("monetary-relief", closed, "outcome");
        Views.Timely(true, closed);
        Views.TimelineContainsInOrder(closed, "resolution-proposed", "confirmed", "closed");
        Assert.DoesNotContain("deadline-missed", Views.Timeline(closed));

        // The consumer confirming afterwards changes nothing; disputing is too late.
        (await api.ConfirmAsync(c)).Expect(HttpStatusCode.OK);
        (await api.DisputeAsync(c)).ExpectProblem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Missed_acknowledgement_marks_the_complaint_untimely_and_puts_it_before_the_regulator()
    {
        var api = await ApiAsync(ApiEnvironment.AckDeadlineHost);
        var c = await api.FileAsync(ComplaintsApi.Filing(merchant: Gamma, venue: Market, category: "service-quality"));
        var escalated = await api.WaitForStatusAsync(c, "escalated");
        Views.Equal("acknowledge-deadline-missed", escalated, "escalation");
        Views.Timely(false, escalated);
        Views.TimelineContainsInOrder(escalated, "filed", "first-responder-assigned", "deadline-missed", "escalated");

        var listed = await api.WaitForListItemAsync("api/regulator/complaints?status=escalated", api.Regulator, i => ComplaintsApi.Str(i, "complaintId") == c.Id, "the untimely complaint");
        Views.Equal("acknowledge-deadline-missed", listed, "reason");
        Assert.False(listed.GetProperty("timely").GetBoolean(), $"the regulator's list marks the complaint untimely: {listed}");

        // The market's late acknowledgement is refused; the complaint is the regulator's now.
        (await api.AcknowledgeAsync(c, Market)).ExpectProblem(HttpStatusCode.Conflict);
        (await api.MediateAsync(c, "merchant-upheld")).Expect(HttpStatusCode.OK);
        var closed = await api.WaitForStatusAsync(c, "closed");
        Views.Equal("merchant-upheld", closed, "mediation", "outcome");
        Views.Timely(false, closed);
    }
}

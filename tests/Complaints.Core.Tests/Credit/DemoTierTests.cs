using Complaints.Core;
using Complaints.Core.Credit;
using Complaints.Core.Tests.Support;
using Xunit.Abstractions;
using static Complaints.Core.Tests.Support.Fixtures;

namespace Complaints.Core.Tests.Credit;

/// <summary>
/// The three merchants of the demo that issue 14 reported, rebuilt complaint by complaint through the decider and the
/// workflow (the runtime runs the workflow's commands; no timer fires unless the story says so).
/// </summary>
public class DemoTierTests(ITestOutputHelper output)
{
    private static readonly CreditOptions Options = new();

    private static Simulation Filed(Party.Venue? venue)
    {
        var sim = new Simulation(Id, T0);
        sim.Execute(Commands.File(venue, at: sim.Now));
        return sim.Drain();
    }

    private static void Acknowledge(Simulation sim, Party by)
    {
        sim.Advance(TimeSpan.FromHours(2));
        sim.Execute(new ComplaintCommand.Acknowledge(Op(by), sim.Now));
        sim.Drain();
    }

    /// <summary>At a mall enrolled in advance compensation; the mall acknowledges, the merchant answers within a day.</summary>
    private static Complaint AnsweredOnTime(bool refuse)
    {
        var sim = Filed(Mall);
        Acknowledge(sim, Mall);
        sim.Advance(TimeSpan.FromDays(1));
        if (refuse)
        {
            sim.Execute(Commands.Refuse(Op(Merchant), at: sim.Now));
        }
        else
        {
            sim.Execute(Commands.ProposeRefund(Op(Merchant), sim.Now));
            sim.Advance(TimeSpan.FromHours(3));
            sim.Execute(Commands.Confirm(at: sim.Now));
        }

        return sim.Drain().State;
    }

    /// <summary>Filed directly against the merchant, which lets the acknowledge deadline pass (escalated, mediation pending).</summary>
    private static Complaint AcknowledgementMissed()
    {
        var sim = Filed(null);
        sim.Step(); // the acknowledge timer
        return sim.Drain().State;
    }

    private static Complaint NotYetDue() => Filed(null).State;

    private static Complaint AcknowledgedThenWithdrawn()
    {
        var sim = Filed(null);
        Acknowledge(sim, Merchant);
        sim.Advance(TimeSpan.FromDays(1));
        sim.Execute(Commands.Withdraw(at: sim.Now));
        return sim.Drain().State;
    }

    private static TrackRecord RecordOf(IEnumerable<Complaint> complaints) => TrackRecord.Sum(complaints.Select(c => TrackRecord.Of(c, Merchant.Id)));

    private void Show(string name, TrackRecord record)
    {
        var stats = CreditPolicy.Statistics(record, Options);
        output.WriteLine($"{name}: {record}");
        output.WriteLine($"  tier {CreditPolicy.Tier(record, Options)}, score {CreditPolicy.Score(record, Options):0.###}, statistics {(stats is null ? "withheld" : stats.ToString())}");
    }

    /// <summary>Six complaints, every one answered on time: four refused (the mall paid first), two refunded.</summary>
    public static TrackRecord OnTimeMerchant() =>
        RecordOf([.. Enumerable.Range(0, 4).Select(_ => AnsweredOnTime(refuse: true)), .. Enumerable.Range(0, 2).Select(_ => AnsweredOnTime(refuse: false))]);

    /// <summary>61 complaints filed directly: 35 acknowledge deadlines missed, 26 not yet due.</summary>
    public static TrackRecord SilentMerchant() =>
        RecordOf([.. Enumerable.Range(0, 35).Select(_ => AcknowledgementMissed()), .. Enumerable.Range(0, 26).Select(_ => NotYetDue())]);

    /// <summary>55 complaints, each acknowledged on time and then withdrawn by the consumer.</summary>
    public static TrackRecord WithdrawnMerchant() => RecordOf(Enumerable.Range(0, 55).Select(_ => AcknowledgedThenWithdrawn()));

    // Before (db0a4dc): points (untimely + refusals + recovered + 3 × unrecovered + 2 × mediations lost) over
    // max(complaints, 10), tiers at any count, and an open recovery claim counted as unrecovered.

    /// <summary>Before: tier D (16 points over 10: 1.6) and listed in the warnings, while its statistics were withheld (6 &lt; 30).</summary>
    [Fact]
    public void The_merchant_that_answered_on_time_is_unrated_on_six_complaints_and_not_warned_against()
    {
        var record = OnTimeMerchant();
        Show("on time", record);
        var assessment = CreditPolicy.Assess(record, Options);
        Assert.Equal((RiskTier.Unrated, false, 6, 4), (assessment.Tier, assessment.ConsumerWarning, assessment.Assessed, record.RecoveryClaimsOpen));
        Assert.Null(CreditPolicy.Statistics(record, Options));
    }

    /// <summary>Before: 61 complaints, 0 % acknowledged on time, 0 % resolved, tier C (35 points over 61: 0.57), no warning.</summary>
    [Fact]
    public void The_merchant_that_acknowledged_nothing_is_tier_d_with_a_warning()
    {
        var record = SilentMerchant();
        Show("silent", record);
        var stats = CreditPolicy.Statistics(record, Options)!;
        Assert.Equal((61, 0.0, RiskTier.D, true), (stats.Complaints, stats.ShareAcknowledgedOnTime, stats.Tier, stats.ConsumerWarning));
        Assert.Equal((35, 1.0), (stats.Assessment.Assessed, stats.Assessment.Score));
        Assert.Equal(new CreditFactor(CreditFactorKind.LateAcknowledgement, 35, 35, 1, 35), stats.Assessment.Factors[0]);
    }

    /// <summary>Before: 55 complaints, all withdrawn, tier A (the demo showed a resolution rate of 1; db0a4dc computes 0 of 0 as 0).</summary>
    [Fact]
    public void The_merchant_whose_complaints_were_all_withdrawn_is_unrated()
    {
        var record = WithdrawnMerchant();
        Show("withdrawn", record);
        var stats = CreditPolicy.Statistics(record, Options)!;
        Assert.Equal((55, RiskTier.Unrated, false), (stats.Complaints, stats.Tier, stats.ConsumerWarning));

        // Neither ratio has anything to rest on: no acknowledgement and no closing that counts (the API shows them as not applicable).
        Assert.Equal((0, 0), (stats.AcknowledgementsDue, stats.Closed));
        Assert.Equal((0, 55, 0), (stats.Assessment.Assessed, stats.Assessment.Withdrawn, record.Closed));
    }

    /// <summary>The on-time merchant with 30 such complaints, its claims repaid: rated now, and on its refusals, not on claims nobody could settle.</summary>
    [Fact]
    public void At_thirty_complaints_the_on_time_merchant_is_rated_on_how_its_claims_really_ended()
    {
        var repaid = Enumerable.Range(0, 30).Select(i => i % 3 == 0 ? RepaidInFull() : AnsweredOnTime(refuse: false));
        var record = RecordOf(repaid);
        Show("on time, 30, repaid", record);
        var assessment = CreditPolicy.Assess(record, Options);

        // 10 refusals + 10 advance compensations, all recovered: 20 points over 30 (tier C); before: 30 over 30 (tier D), and 50 if unrecovered.
        Assert.Equal((RiskTier.C, 10, 0, 0m), (assessment.Tier, record.Recovered, record.RecoveryClaimsOpen, record.UnrecoveredShare));
        Assert.Equal(20.0 / 30, assessment.Score!.Value, 4);
    }

    private static Complaint RepaidInFull()
    {
        var sim = new Simulation(Id, T0);
        sim.Execute(Commands.File(Mall, at: sim.Now));
        sim.Drain();
        Acknowledge(sim, Mall);
        sim.Advance(TimeSpan.FromDays(1));
        sim.Execute(Commands.Refuse(Op(Merchant), at: sim.Now));
        sim.Drain();
        sim.Advance(TimeSpan.FromDays(10));
        sim.Execute(Commands.RecordRepayment(Claim, by: Op(Merchant), at: sim.Now));
        sim.Execute(Commands.ConfirmRepayment(Op(Mall), sim.Now));
        return sim.Drain().State;
    }
}

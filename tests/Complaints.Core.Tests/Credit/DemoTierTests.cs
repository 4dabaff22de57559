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

    [Fact]
    public void Before_the_merchant_that_answered_on_time_was_tier_d_on_six_complaints_with_its_statistics_withheld()
    {
        var record = OnTimeMerchant();
        Show("on time", record);
        Assert.Equal(RiskTier.D, CreditPolicy.Tier(record, Options));
        Assert.Null(CreditPolicy.Statistics(record, Options));
    }

    [Fact]
    public void Before_the_merchant_that_acknowledged_nothing_was_tier_c_without_a_warning()
    {
        var record = SilentMerchant();
        Show("silent", record);
        var stats = CreditPolicy.Statistics(record, Options)!;
        Assert.Equal((61, 0.0, 0.0, RiskTier.C, false), (stats.Complaints, stats.ShareAcknowledgedOnTime, stats.ResolutionRate, stats.Tier, stats.ConsumerWarning));
    }

    [Fact]
    public void Before_the_merchant_whose_complaints_were_all_withdrawn_was_tier_a()
    {
        var record = WithdrawnMerchant();
        Show("withdrawn", record);
        var stats = CreditPolicy.Statistics(record, Options)!;
        Assert.Equal((55, 1.0, 0.0, RiskTier.A), (stats.Complaints, stats.ShareAcknowledgedOnTime, stats.ResolutionRate, stats.Tier));
    }
}

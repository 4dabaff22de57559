using Complaints.Core;
using Complaints.Core.Credit;
using Complaints.Core.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace Complaints.Core.Tests.Properties;

/// <summary>
/// The credit model is fair by construction: over thousands of generated track records and options, a party at least as
/// good on every factor never gets a worse tier, no tier rests on fewer assessed complaints than the threshold, and
/// withdrawals change nothing but the count. Records from real decider lives keep every factor within its opportunities.
/// </summary>
public class CreditProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(5_000).WithQuietOnSuccess(true);

    /// <summary>A consistent record: every count within its opportunities, as <see cref="TrackRecord.Of"/> sums would give.</summary>
    public static Gen<TrackRecord> Records { get; } =
        from assessed in Gen.Frequency((3, Gen.Choose(0, 60)), (2, Gen.Choose(0, 400)))
        from withdrawn in Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(0, 80)))
        from notYetDue in Gen.Choose(0, 30)
        from ackDue in Gen.Choose(0, assessed)
        from ackOnTime in Gen.Choose(0, ackDue)
        from resolutionsDue in Gen.Choose(0, assessed)
        from resolvedOnTime in Gen.Choose(0, resolutionsDue)
        from refusals in Gen.Choose(0, resolutionsDue)
        from upheld in Gen.Choose(0, refusals)
        from advance in Gen.Choose(0, assessed)
        from ended in Gen.Choose(0, advance)
        from recovered in Gen.Choose(0, ended)
        from unrecovered in Gen.Choose(0, ended - recovered)
        from partShares in Gen.Choose(1, 9_999).ArrayOf(ended - recovered - unrecovered)
        from lost in Gen.Choose(0, assessed)
        select TrackRecord.Empty with
        {
            Complaints = assessed + withdrawn + notYetDue,
            Withdrawn = withdrawn,
            Assessed = assessed,
            AcknowledgementsDue = ackDue,
            AcknowledgedOnTime = ackOnTime,
            ResolutionsDue = resolutionsDue,
            ResolvedOnTime = resolvedOnTime,
            UntimelyResponses = ackDue - ackOnTime + resolutionsDue - resolvedOnTime,
            Refusals = refusals,
            RefusalsUpheld = upheld,
            AdvanceCompensations = advance,
            Recovered = recovered,
            Unrecovered = unrecovered,
            PartlyRecovered = partShares.Length,
            RecoveryClaimsOpen = advance - ended,
            UnrecoveredShare = unrecovered + partShares.Sum(k => k / 10_000m),
            MediationsLost = lost,
        };

    /// <summary>Any weights, ordered tier thresholds, any evidence threshold.</summary>
    public static Gen<CreditOptions> Options { get; } =
        from ack in Gen.Choose(0, 300)
        from resolution in Gen.Choose(0, 300)
        from refusal in Gen.Choose(0, 300)
        from advance in Gen.Choose(0, 300)
        from unrecovered in Gen.Choose(0, 500)
        from lost in Gen.Choose(0, 500)
        from b in Gen.Choose(0, 100)
        from c in Gen.Choose(b, 250)
        from d in Gen.Choose(c, 500)
        from threshold in Gen.Frequency((3, Gen.Constant(30)), (2, Gen.Choose(1, 120)))
        select new CreditOptions
        {
            LateAcknowledgementWeight = ack / 100.0,
            LateResolutionWeight = resolution / 100.0,
            RefusalWeight = refusal / 100.0,
            AdvanceCompensationWeight = advance / 100.0,
            UnrecoveredWeight = unrecovered / 100.0,
            MediationLostWeight = lost / 100.0,
            TierB = b / 100.0,
            TierC = c / 100.0,
            TierD = d / 100.0,
            MinimumAssessedForTier = threshold,
        };

    /// <summary>
    /// A record at least as good on every factor, over the same complaints: acknowledgements and resolutions made on
    /// time instead of late, refusals, advance compensations, unrecovered shares and mediations lost fewer.
    /// </summary>
    public static Gen<TrackRecord> BetterThan(TrackRecord r) =>
        from ackOnTime in Gen.Choose(r.AcknowledgedOnTime, r.AcknowledgementsDue)
        from resolvedOnTime in Gen.Choose(r.ResolvedOnTime, r.ResolutionsDue)
        from refusalsCounted in Gen.Choose(0, r.Refusals - r.RefusalsUpheld)
        from advance in Gen.Choose(0, r.AdvanceCompensations)
        from keptPercent in Gen.Choose(0, 100)
        from lost in Gen.Choose(0, r.MediationsLost)
        let ended = Math.Min(r.RecoveryClaimsEnded, advance)
        let share = Math.Min(Math.Floor(r.UnrecoveredShare * keptPercent / 100m * 10_000m) / 10_000m, ended)
        select r with
        {
            AcknowledgedOnTime = ackOnTime,
            ResolvedOnTime = resolvedOnTime,
            UntimelyResponses = r.AcknowledgementsDue - ackOnTime + r.ResolutionsDue - resolvedOnTime,
            Refusals = r.RefusalsUpheld + refusalsCounted,
            AdvanceCompensations = advance,
            Recovered = ended,
            PartlyRecovered = 0,
            Unrecovered = 0,
            RecoveryClaimsOpen = advance - ended,
            UnrecoveredShare = share,
            MediationsLost = lost,
        };

    private static Arbitrary<(TrackRecord Record, CreditOptions Options)> RecordsWithOptions { get; } =
        Arb.From(from r in Records from o in Options select (r, o));

    private static Arbitrary<(TrackRecord Worse, TrackRecord Better, int Copies, CreditOptions Options)> Pairs { get; } =
        Arb.From(
            from worse in Records
            from better in BetterThan(worse)
            from copies in Gen.Frequency((2, Gen.Constant(1)), (1, Gen.Choose(2, 5)))
            from options in Options
            select (worse, better, copies, options));

    /// <summary>Worse is better: A &lt; B &lt; C &lt; D.</summary>
    private static bool NoWorse(RiskTier better, RiskTier worse) => (int)better <= (int)worse;

    private static TrackRecord Times(TrackRecord r, int copies) => TrackRecord.Sum(Enumerable.Repeat(r, copies));

    [Fact]
    public void A_party_at_least_as_good_on_every_factor_never_gets_a_worse_tier() =>
        Check.One(Config, Prop.ForAll(Pairs, p =>
        {
            var worse = CreditPolicy.Assess(p.Worse, p.Options);
            var better = CreditPolicy.Assess(p.Better, p.Options);
            Assert.Equal(worse.Rated, better.Rated); // same complaints, same evidence
            if (worse.Rated)
            {
                Assert.True(NoWorse(better.Tier, worse.Tier), $"{p.Better} got {better.Tier} but {p.Worse} got {worse.Tier}");
                Assert.True(better.Score <= worse.Score, $"{better.Score} > {worse.Score}");
            }
        }));

    [Fact]
    public void A_party_at_least_as_good_in_proportion_on_more_complaints_never_gets_a_worse_tier() =>
        Check.One(Config, Prop.ForAll(Pairs, p =>
        {
            // The better record repeated: every share is the same as its single copy's, so no worse than the worse record's.
            var better = CreditPolicy.Assess(Times(p.Better, p.Copies), p.Options);
            var worse = CreditPolicy.Assess(p.Worse, p.Options);
            if (worse.Rated)
            {
                Assert.True(better.Rated);
                Assert.True(NoWorse(better.Tier, worse.Tier), $"{p.Copies} × {p.Better} got {better.Tier} but {p.Worse} got {worse.Tier}");
            }

            // And the same record on more complaints, in the same proportions, is rated the same once it is rated at all.
            var single = CreditPolicy.Assess(p.Worse, p.Options);
            var repeated = CreditPolicy.Assess(Times(p.Worse, p.Copies), p.Options);
            if (single.Rated)
            {
                Assert.Equal(single.Tier, repeated.Tier);
            }
        }));

    [Fact]
    public void A_tier_never_rests_on_fewer_assessed_complaints_than_the_threshold() =>
        Check.One(Config, Prop.ForAll(RecordsWithOptions, p =>
        {
            var a = CreditPolicy.Assess(p.Record, p.Options);
            Assert.Equal(p.Record.Assessed >= p.Options.MinimumAssessedForTier, a.Rated);
            Assert.Equal(a.Rated, a.Score is not null);
            Assert.Equal(a.Rated && a.Tier == RiskTier.D, a.ConsumerWarning);
            Assert.Equal(a.Tier, CreditPolicy.Tier(p.Record, p.Options));
            if (CreditPolicy.Statistics(p.Record, p.Options) is { } stats)
            {
                Assert.Equal((a.Tier, a.ConsumerWarning), (stats.Tier, stats.ConsumerWarning));
            }
        }));

    [Fact]
    public void Withdrawals_change_nothing_but_the_counts() =>
        Check.One(Config, Prop.ForAll(Arb.From(from r in Records from o in Options from w in Gen.Choose(1, 100) select (r, o, w)), p =>
        {
            var (record, options, withdrawn) = p;
            var more = record + (TrackRecord.Empty with { Complaints = withdrawn, Withdrawn = withdrawn });
            var before = CreditPolicy.Assess(record, options);
            var after = CreditPolicy.Assess(more, options);
            Assert.Equal((before.Tier, before.Score, before.Assessed), (after.Tier, after.Score, after.Assessed));
            Assert.Equal(before.Factors, after.Factors);
            Assert.Equal(record.Withdrawn + withdrawn, after.Withdrawn);
            var options30 = new CreditOptions { MinimumComplaintsForStatistics = 1 };
            Assert.Equal(CreditPolicy.Statistics(record with { Complaints = Math.Max(1, record.Complaints) }, options30)!.ResolutionRate, CreditPolicy.Statistics(more, options30)!.ResolutionRate);
        }));

    [Fact]
    public void Every_factor_of_a_tier_adds_up_to_its_score() =>
        Check.One(Config, Prop.ForAll(RecordsWithOptions, p =>
        {
            var a = CreditPolicy.Assess(p.Record, p.Options);
            Assert.Equal(Enum.GetValues<CreditFactorKind>(), a.Factors.Select(f => f.Kind));
            Assert.All(a.Factors, f => Assert.Equal((double)(f.Count * (decimal)f.Weight), f.Points, 9));
            Assert.All(a.Factors, f => Assert.True(f.Count <= Math.Max(f.OutOf, 0), $"{f} exceeds its opportunities"));
            if (a.Rated)
            {
                Assert.Equal(a.Factors.Sum(f => f.Points) / p.Record.Assessed, a.Score!.Value, tolerance: 0.0001); // the score is shown to four places
            }
        }));

    [Fact]
    public void Records_from_real_complaint_lives_keep_every_factor_within_its_opportunities() =>
        Check.One(Config.WithMaxTest(300), Prop.ForAll(Arb.From(Scenarios.ScenariosOf(Scenarios.Commands).ArrayOf(12)), scenarios =>
        {
            var finals = scenarios.Select(s => Scenarios.PlayThroughDecider(s).Final).ToList();
            foreach (var party in new[] { Fixtures.Merchant.Id, Fixtures.Mall.Id, Fixtures.Platform.Id, Fixtures.Market.Id })
            {
                var record = TrackRecord.Sum(finals.Select(c => TrackRecord.Of(c, party)));
                Assert.True(record.Assessed + record.Withdrawn <= record.Complaints, record.ToString());
                Assert.True(record.AcknowledgedOnTime <= record.AcknowledgementsDue && record.AcknowledgementsDue <= record.Assessed, record.ToString());
                Assert.True(record.ResolvedOnTime <= record.ResolutionsDue && record.ResolutionsDue <= record.Assessed, record.ToString());
                Assert.True(record.RefusalsUpheld <= record.Refusals && record.Refusals <= record.ResolutionsDue, record.ToString());
                Assert.True(record.AdvanceCompensations <= record.Assessed && record.MediationsLost <= record.Assessed, record.ToString());
                Assert.Equal(record.AdvanceCompensations, record.RecoveryClaimsOpen + record.RecoveryClaimsEnded);
                Assert.True(record.UnrecoveredShare <= record.RecoveryClaimsEnded && record.UnrecoveredShare >= record.Unrecovered, record.ToString());
                Assert.True(record.Closed <= record.Assessed && record.ClosedWithRelief <= record.Closed, record.ToString());
                Assert.All(CreditPolicy.Assess(record, new CreditOptions()).Factors, f => Assert.True(f.Count <= f.OutOf, $"{f} in {record}"));
            }

            foreach (var withdrawn in finals.Where(c => c.Outcome == ComplaintOutcome.Withdrawn))
            {
                Assert.Equal(TrackRecord.Empty with { Complaints = 1, Withdrawn = 1 }, TrackRecord.Of(withdrawn, Fixtures.Merchant.Id));
            }
        }));
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Complaints.Core;
using Complaints.Core.Credit;
using Complaints.Core.Disclosure;
using Complaints.Core.Tests.Support;
using Complaints.Pipeline.Api;
using Complaints.Pipeline.Stages;
using Complaints.Storage;
using Complaints.Testing;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Xunit.Abstractions;
using static Complaints.Core.Tests.Support.Fixtures;

namespace Complaints.Core.Tests.Properties;

/// <summary>
/// No personal data reaches a public output in any form a consumer might type it. Generated consumers file with
/// their contact details as people type them (through the intake's normalization) and write narratives (real CFPB
/// ones, or Chinese sentences) into which their own name, phone and e-mail, and third parties' phones, ID numbers,
/// card, account, order and waybill numbers, passports, plates, addresses, names, e-mails and full dates are planted
/// (<see cref="PiiPlanting"/>); the closed complaint goes the whole disclosure path (DisclosureBuilder, the stored
/// record, the feed's JSON and CSV, the merchant's statistics), and nothing planted may survive in any of them,
/// compared as digit sequences and as letters, whatever the width (<see cref="Oracle"/>).
/// </summary>
/// <remarks>
/// A failure prints FsCheck's seed. To replay it, set <c>PII_PROPERTY_REPLAY</c> to what FsCheck prints after
/// "Replay directly at failing step with" (e.g. <c>PII_PROPERTY_REPLAY="(1234567,890,94)"</c>) and run the test alone.
/// </remarks>
public class DisclosureProperties(ITestOutputHelper output)
{
    /// <summary>How many cases the public-output property generates.</summary>
    public const int PublicOutputCases = 10_000;

    private static readonly CreditOptions Credit = new();

    /// <summary>Closed complaints of every handling route (the venue's, the merchant's alone, the regulator's), with or without consent.</summary>
    private static readonly Func<bool, ComplaintEvent[]>[] Histories =
    [
        consent => [.. (Story.At(Mall) with { Consent = consent }).ClosedResolved(), Events.Evaluated(4)],
        consent => (Story.Direct with { Consent = consent }).ClosedResolved(Remedy.Repair),
        consent => (Story.At(Mall) with { Consent = consent }).ClosedAdvanceCompensated(),
        consent => (Story.At(Mall) with { Consent = consent }).Withdrawn(),
        consent => [.. (Story.At(Market) with { Consent = consent }).AcknowledgeDeadlineMissed(), Events.MediationRecorded(MediationOutcome.NoAgreement), Events.Closed(ComplaintOutcome.ClosedWithoutRelief)],
    ];

    public sealed record Case(int History, bool Consent, PlantedConsumer Consumer, PlantedNarrative Narrative)
    {
        public override string ToString() =>
            $"history {History}, consent {Consent}{Environment.NewLine}{Consumer}{Environment.NewLine}{Narrative}";
    }

    private static Gen<Case> Cases { get; } =
        from history in Gen.Choose(0, Histories.Length - 1)
        from consent in Gen.Frequency((9, Gen.Constant(true)), (1, Gen.Constant(false)))
        from consumer in PiiPlanting.Consumers
        from text in PiiPlanting.BaseNarratives
        from count in Gen.Choose(1, 8)
        from others in PiiPlanting.AnyPii.ArrayOf(count)
        from narrative in PiiPlanting.Planted(text, [.. consumer.Forms, .. others])
        select new Case(history, consent, consumer, narrative);

    private static Config Configured(int cases)
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(cases).WithQuietOnSuccess(true);
        if (Environment.GetEnvironmentVariable("PII_PROPERTY_REPLAY") is not { Length: > 0 } replay)
        {
            return config;
        }

        var numbers = replay.Trim('(', ')', ' ').Split(',').Select(n => ulong.Parse(n.Trim(), CultureInfo.InvariantCulture)).ToArray();
        var size = numbers.Length > 2 ? FSharpOption<int>.Some((int)numbers[2]) : FSharpOption<int>.None;
        return config.WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(numbers[0], numbers[1]), size)));
    }

    [Fact]
    public void No_planted_personal_data_survives_in_any_public_output()
    {
        var clock = Stopwatch.StartNew();
        var published = 0;
        Check.One(Configured(PublicOutputCases), Prop.ForAll(Arb.From(Cases), c =>
        {
            var complaint = Complaint.Replay(Histories[c.History](c.Consent));
            var record = DisclosureBuilder.Build(complaint, DisclosureDraftHandler.NewPublicId(), c.Narrative.Text, c.Consumer.Stored);
            var outputs = PublicOutputs(record, complaint);
            AssertNothingSurvives([.. c.Narrative.Plants, .. FilingStrings(c.Consumer)], outputs, record, c.Narrative.Base);

            // With consent, scrubbing must succeed rather than leave the narrative out; without, nothing is published.
            if (c.Consent)
            {
                Assert.True(record.Narrative is not null, "With consent the scrubbed narrative is published, but it was left out.");
                published++;
            }
            else
            {
                Assert.Null(record.Narrative);
            }
        }));
        output.WriteLine($"{PublicOutputCases} cases ({published} narratives published) in {clock.Elapsed.TotalSeconds:F1} s.");
    }

    [Fact]
    public void A_drafted_or_published_disclosure_never_contains_personal_data_from_the_filing_whatever_life_the_complaint_had()
    {
        var cases =
            from scenario in Scenarios.ScenariosOf(Scenarios.CommandsAndPumps, maxSteps: 30)
            from consumer in PiiPlanting.Consumers
            from text in PiiPlanting.BaseNarratives
            from narrative in PiiPlanting.Planted(text, consumer.Forms)
            select (Scenario: scenario, Consumer: consumer, Narrative: narrative);
        Check.One(Configured(300), Prop.ForAll(Arb.From(cases), c =>
        {
            var sim = Scenarios.PlayThroughWorkflow(c.Scenario);
            Assert.True(sim.State.IsTerminal && sim.State.DisclosureId is not null, sim.Trace);
            var record = DisclosureBuilder.Build(sim.State, sim.State.DisclosureId!, c.Narrative.Text, c.Consumer.Stored);
            AssertNothingSurvives([.. c.Narrative.Plants, .. FilingStrings(c.Consumer)], PublicOutputs(record, sim.State), record, c.Narrative.Base);
            Assert.Equal(c.Scenario.Setup.Consent, record.Narrative is not null);
        }));
    }

    /// <summary>
    /// The message thread is never published: whatever the parties write to each other (personal data included, and
    /// a canary in every generated message), the disclosure drawn from the complaint, its stored record, the feed's
    /// JSON and CSV and the statistics hold none of it. DisclosureBuilder reads the state and the narrative it is
    /// given; the state keeps no message text, so there is nothing to scrub.
    /// </summary>
    [Fact]
    public void The_message_thread_never_reaches_a_disclosure()
    {
        var cases =
            from scenario in Scenarios.ScenariosOf(Scenarios.CommandsAndPumps, maxSteps: 30)
            from count in Gen.Choose(1, 6)
            from plants in PiiPlanting.AnyPii.ArrayOf(count)
            from author in Gen.Choose(0, 2)
            select (Scenario: scenario, Plants: plants, Author: author);
        var messages = 0;
        Check.One(Configured(1_000), Prop.ForAll(Arb.From(cases), c =>
        {
            var sim = Scenarios.PlayThroughWorkflow(c.Scenario);
            Assert.True(sim.State.IsTerminal && sim.State.DisclosureId is not null, sim.Trace);

            // One more message full of personal data, from a party the complaint names, just before the disclosure is drawn.
            Actor author = c.Author switch
            {
                0 => ConsumerActor,
                1 => Op(c.Scenario.Setup.Merchant),
                _ => new Actor.Operator(c.Scenario.Setup.Venue?.Id ?? c.Scenario.Setup.Merchant.Id),
            };
            var text = $"{Scenarios.MessageCanary} " + string.Join(" and ", c.Plants.Select(p => p.Written));
            var state = sim.State;
            if (state.Outcome != ComplaintOutcome.Withdrawn && state.ClosedAt is { } closed)
            {
                foreach (var e in Fixtures.Decider.Decide(new ComplaintCommand.PostMessage(text, author, closed.AddHours(1)), state))
                {
                    state = Complaint.Evolve(state, e);
                }
            }

            messages += state.Messages;
            var record = DisclosureBuilder.Build(state, state.DisclosureId!, null, null);
            var outputs = PublicOutputs(record, state);
            Assert.DoesNotContain(outputs, o => o.Text.Contains(Scenarios.MessageCanary, StringComparison.Ordinal));
            Assert.DoesNotContain(Scenarios.MessageCanary, StorageJson.Serialize(state), StringComparison.Ordinal);
            AssertNothingSurvives(c.Plants, outputs, record);
        }));
        output.WriteLine($"{messages} messages in 1,000 complaints; none reached a disclosure.");
        Assert.True(messages > 1_000);
    }

    [Fact]
    public void The_generated_consumer_names_cannot_collide_with_anything_else_in_a_record() =>
        Check.One(Configured(300), Prop.ForAll(Arb.From(PiiPlanting.Consumers), consumer =>
        {
            var taken = new[] { Merchant.Name, Mall.Name, Platform.Name, Market.Name, Merchant.CreditCode }
                .Concat(Enum.GetNames<Category>()).Concat(Enum.GetNames<ComplaintOutcome>()).Concat(Enum.GetNames<HandlingRoute>())
                .Concat(Enum.GetNames<Payer>()).Concat(PiiScrubber.Tokens).Concat(PiiPlanting.ChineseSentences);
            var name = string.Concat(Oracle.Fold(consumer.Filed.Name).Where(char.IsLetterOrDigit));
            Assert.DoesNotContain(taken, t => Oracle.Fold(t).Contains(name, StringComparison.Ordinal));
        }));

    [Fact]
    public void The_cfpb_sample_is_there_and_whole() =>
        Assert.Equal(1_532, CfpbSample.AllNarratives.Count);

    /// <summary>The consumer's details as filed and as stored, whatever the narrative says.</summary>
    private static Plant[] FilingStrings(PlantedConsumer consumer)
    {
        var forms = consumer.Forms.Where(f => f.Kind.StartsWith("consumer's", StringComparison.Ordinal)).ToList();
        return
        [
            .. forms.GroupBy(f => f.Kind).Select(g => g.First() with { Written = $"as filed: {g.Key}" }),
            new Plant("consumer's name as filed", consumer.Filed.Name, [], [string.Concat(Oracle.Fold(consumer.Filed.Name).Where(char.IsLetterOrDigit))], []),
        ];
    }

    /// <summary>Every public rendering of the record, each as the strings a reader gets: feed JSON, CSV cells, statistics JSON.</summary>
    private static List<(string Where, string Text)> PublicOutputs(DisclosureRecord record, Complaint complaint)
    {
        // The read model stores the record as JSON; the feed reads it back from there.
        var stored = StorageJson.Deserialize<DisclosureRecord>(StorageJson.Serialize(record));
        var view = PublicDisclosureView.Of(stored);
        var outputs = new List<(string, string)>();
        outputs.AddRange(JsonStrings("feed JSON", JsonSerializer.Serialize(new PageView<PublicDisclosureView>([view], null), ApiJson.Options)));
        using (var reader = new StringReader(Csv.Of([view])))
        {
            outputs.AddRange(CfpbSample.ReadRecords(reader).SelectMany(row => row).Select(cell => ("feed CSV", cell)));
        }

        var track = TrackRecord.Sum(Enumerable.Repeat(TrackRecord.Of(complaint, complaint.Merchant.Id), Credit.MinimumComplaintsForStatistics));
        var stats = CreditPolicy.Statistics(track, Credit);
        var statsView = new MerchantStatsView(complaint.Merchant.Id.Value, complaint.Merchant.Name, stats is null, Credit.MinimumComplaintsForStatistics, stats is null ? null : StatisticsView.Of(stats));
        outputs.AddRange(JsonStrings("merchant statistics", JsonSerializer.Serialize(statsView, ApiJson.Options)));
        return outputs;
    }

    private static IEnumerable<(string Where, string Text)> JsonStrings(string where, string json)
    {
        using var document = JsonDocument.Parse(json);
        var values = new List<(string, string)>();
        Collect(document.RootElement);
        return values;

        void Collect(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        Collect(property.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Collect(item);
                    }

                    break;
                case JsonValueKind.String:
                    values.Add((where, element.GetString()!));
                    break;
                default:
                    values.Add((where, element.GetRawText()));
                    break;
            }
        }
    }

    private static void AssertNothingSurvives(IEnumerable<Plant> plants, List<(string Where, string Text)> outputs, DisclosureRecord record, string baseText = "")
    {
        var alreadyThere = Oracle.DigitRuns(baseText).ToList();
        // The registry's facts (ids, names, the merchant's credit code) and the random public id are public by design and
        // come from neither the filing nor the narrative: a planted random number may share seven digits with them by chance.
        var registry = new HashSet<string>(StringComparer.Ordinal) { record.DisclosureId, record.MerchantId.Value, record.MerchantName, record.MerchantCreditCode, record.VenueId?.Value ?? string.Empty, record.VenueName ?? string.Empty };
        var read = outputs.Where(o => !registry.Contains(o.Text))
            .Select(o => (o.Where, Runs: Oracle.DigitRuns(o.Text).ToList(), Letters: string.Concat(Oracle.Fold(o.Text).Where(char.IsLetterOrDigit)), Folded: Oracle.Fold(o.Text)))
            .ToList();
        foreach (var plant in plants)
        {
            foreach (var (where, runs, letters, folded) in read)
            {
                if (Oracle.Survivor(plant, runs, letters, folded, alreadyThere) is { } survivor)
                {
                    Assert.Fail($"{plant}: {survivor} survives in the {where}.{Environment.NewLine}Published narrative:{Environment.NewLine}{record.Narrative}");
                }
            }
        }
    }
}

using System.Globalization;
using System.Text;
using Complaints.Core;
using Complaints.Core.Disclosure;
using FsCheck;
using FsCheck.Fluent;

namespace Complaints.Core.Tests.Properties;

/// <summary>
/// A disclosure never carries personal data from the filing: random consumers (name, phone, e-mail) write random
/// narratives that mention themselves, in any case and format, among CFPB-like text and other people's ID numbers,
/// card numbers, phones, e-mails and addresses; the complaint lives a random life through decider and workflow; the
/// drafted record must contain none of it.
/// </summary>
public class DisclosureProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(300).WithQuietOnSuccess(true);

    private static readonly string[] Syllables =
        ["mei", "lan", "xiao", "yu", "hui", "jing", "wen", "hao", "ming", "ting", "jun", "zhi", "qiang", "fang", "ying", "ruo", "xin", "kai", "shu", "pei"];

    private static readonly string[] Prose =
    [
        "I ordered a rice cooker from the seller in March and it stopped working within a week.",
        "The customer service agent promised a refund but nothing happened after 10 days.",
        "I was charged twice for the same order and the platform told me to contact the merchant.",
        "The delivery was marked as received although I was at work and nobody signed for it.",
        "They said the warranty does not cover the damage, which was there when I opened the box.",
        "I have attached photos of the receipt and the packaging.",
        "我在平台上购买了一台电视机，收到后发现屏幕有裂痕。",
        "商家拒绝退货，说已经超过七天无理由退货期限。",
        "客服一直让我等待，已经过去了两个星期。",
        "Please help me get my money back; the price was 2,399.00 yuan.",
        "Order number 2023111512345678 was never delivered.",
        "On 2026-03-02 at 14:30 I called them again.",
    ];

    private static readonly string[] Cities = ["北京市朝阳区", "上海市徐汇区", "广州市天河区", "深圳市南山区", "杭州市西湖区"];
    private static readonly string[] Roads = ["建国", "漕溪北", "天河", "科苑", "文三", "中山"];
    private static readonly string[] Streets = ["Baker", "Maple", "High", "Church", "Elm", "Harbour"];
    private static readonly string[] StreetTypes = ["Street", "Road", "Avenue", "Lane", "Drive"];

    /// <summary>A consumer, and every way their contact details are written in the narrative.</summary>
    public sealed record Consumer(ConsumerContact Contact, string[] WrittenPhones)
    {
        public override string ToString() => $"{Contact} as [{string.Join(" | ", WrittenPhones)}]";
    }

    /// <summary>A narrative and the personal strings in it that must not be published.</summary>
    public sealed record Narrative(string Text, string[] Pii)
    {
        public override string ToString() => $"PII [{string.Join(" | ", Pii)}]{Environment.NewLine}{Text}";
    }

    public sealed record Case(Scenario Scenario, Consumer Consumer, Narrative Narrative)
    {
        public override string ToString() => $"{Consumer}{Environment.NewLine}{Narrative}{Environment.NewLine}{Scenario}";
    }

    private static Gen<string> Digits(int count) => Gen.Choose(0, 9).ArrayOf(count).Select(d => string.Concat(d));

    private static string Capitalised(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    private static Gen<string> Names { get; } =
        from a in Gen.Elements(Syllables)
        from b in Gen.Elements(Syllables)
        from c in Gen.Elements(Syllables)
        from suffix in Gen.Choose('a', 'z').ArrayOf(3)
        select $"{Capitalised(a)}{b} {Capitalised(c)}{new string(suffix.Select(x => (char)x).ToArray())}";

    /// <summary>A phone as the consumer gave it, and the ways it is written in the narrative.</summary>
    private static Gen<(string Given, string[] Written)> Phones { get; } = Gen.OneOf(
        from second in Gen.Choose(3, 9)
        from rest in Digits(9)
        let m = $"1{second}{rest}"
        let spaced = $"{m[..3]} {m[3..7]} {m[7..]}"
        from given in Gen.Elements(m, spaced, $"+86 {spaced}", $"{m[..3]}-{m[3..7]}-{m[7..]}")
        select (given, new[] { given, m, spaced, $"+86 {spaced}", $"+86{m}", $"{m[..3]}-{m[3..7]}-{m[7..]}", $"0086 {m}" }),
        from first in Gen.Choose(2, 8)
        from rest in Digits(7)
        let local = $"{first}{rest}"
        select ($"010-{local}", new[] { $"010-{local}", $"(010) {local[..4]} {local[4..]}", $"010 {local[..4]} {local[4..]}" }),
        from area in Gen.Choose(201, 989)
        from exchange in Gen.Choose(200, 989)
        from line in Digits(4)
        let us = $"({area}) {exchange}-{line}"
        select ($"+1 {us}", new[] { $"+1 {us}", us, $"{area}-{exchange}-{line}" }),
        from a in Digits(4)
        from b in Digits(4)
        select ($"+44 20 {a} {b}", new[] { $"+44 20 {a} {b}", $"+44 (0)20 {a} {b}" }));

    private static Gen<Consumer> Consumers { get; } =
        from name in Names
        from phone in Phones
        from domain in Gen.Elements("example.com", "mail.example.cn", "163.com", "qq.com")
        from number in Gen.Choose(1, 99)
        from hasPhone in Gen.Frequency((5, Gen.Constant(true)), (1, Gen.Constant(false)))
        from hasEmail in Gen.Frequency((5, Gen.Constant(true)), (1, Gen.Constant(false)))
        let parts = name.ToLowerInvariant().Split(' ')
        let email = $"{parts[0]}.{parts[1]}{number.ToString(CultureInfo.InvariantCulture)}@{domain}"
        select new Consumer(new ConsumerContact(name, hasPhone ? phone.Given : null, hasEmail ? email : null), hasPhone ? phone.Written : []);

    private static string WithLuhnDigit(string body)
    {
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var d = body[body.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return body + ((10 - (sum % 10)) % 10).ToString(CultureInfo.InvariantCulture);
    }

    private static string Grouped(string digits, char separator)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < digits.Length; i++)
        {
            if (i > 0 && i % 4 == 0 && separator != '\0')
            {
                builder.Append(separator);
            }

            builder.Append(digits[i]);
        }

        return builder.ToString();
    }

    /// <summary>One piece of the narrative: text, and the personal strings it carries.</summary>
    private static Gen<(string Text, string[] Pii)> Fragment(Consumer consumer)
    {
        var contact = consumer.Contact;
        var casings = new Func<string, string>[] { s => s, s => s.ToUpperInvariant(), s => s.ToLowerInvariant() };
        var fragments = new List<(int, Gen<(string, string[])>)>
        {
            (8, Gen.Elements(Prose).Select(p => (p, Array.Empty<string>()))),
            (2, Gen.Elements(casings).Select(c => ($"My name is {c(contact.Name)}.", new[] { contact.Name }))),
            (1, Gen.Elements(casings).Select(c => ($"我叫{c(contact.Name)}，", new[] { contact.Name }))),
            (1, from body in Digits(17)
                let id = $"{(body[0] == '0' ? '1' : body[0])}{body[1..]}"
                from check in Gen.Elements("0", "7", "X", "x")
                select ($"The agent's ID number is {id}{check}.", new[] { id + check })),
            (1, from prefix in Gen.Elements("4", "51", "6222")
                from body in Digits(15 - prefix.Length)
                let card = WithLuhnDigit(prefix + body)
                from separator in Gen.Elements(' ', '-', '\0')
                let written = Grouped(card, separator)
                select ($"I paid with card {written} and was charged twice.", new[] { written, card })),
            (1, from n in Gen.Choose(1, 999)
                select ($"Write to service{n.ToString(CultureInfo.InvariantCulture)}@shop-example.com for help.", new[] { $"service{n.ToString(CultureInfo.InvariantCulture)}@shop-example.com" })),
            (1, from city in Gen.Elements(Cities)
                from road in Gen.Elements(Roads)
                from number in Gen.Choose(1, 999)
                from building in Gen.Choose(1, 30)
                from room in Gen.Choose(101, 2_999)
                let address = $"{city}{road}路{number}号{building}栋{room}室"
                select ($"快递送到{address}，但我没有收到。", new[] { $"{road}路{number}号", $"{building}栋{room}室" })),
            (1, from number in Gen.Choose(1, 9_999)
                from street in Gen.Elements(Streets)
                from type in Gen.Elements(StreetTypes)
                let address = $"{number.ToString(CultureInfo.InvariantCulture)} {street} {type}"
                select ($"Please deliver to {address} next time.", new[] { address })),
        };

        if (contact.Email is { } email)
        {
            fragments.Add((2, Gen.Elements(casings).Select(c => ($"You can e-mail me at {c(email)} any time.", new[] { email }))));
        }

        if (consumer.WrittenPhones.Length > 0)
        {
            fragments.Add((3, Gen.Elements(consumer.WrittenPhones).Select(p => ($"Call me on {p} after 6pm.", new[] { p }))));
            fragments.Add((1, Gen.Elements(consumer.WrittenPhones).Select(p => ($"我的电话是{p}，", new[] { p }))));
        }

        return Gen.Frequency(fragments.ToArray());
    }

    private static Gen<Narrative> Narratives(Consumer consumer) =>
        from count in Gen.Choose(1, 40)
        from pieces in Fragment(consumer).ArrayOf(count)
        from separators in Gen.Elements(" ", "\n", "  ").ArrayOf(count)
        select new Narrative(
            string.Concat(pieces.Select((p, i) => p.Text + separators[i])),
            pieces.SelectMany(p => p.Pii).Distinct().ToArray());

    private static Gen<Case> Cases { get; } =
        from scenario in Scenarios.ScenariosOf(Scenarios.CommandsAndPumps, maxSteps: 30)
        from consent in Gen.Frequency((9, Gen.Constant(true)), (1, Gen.Constant(false)))
        from consumer in Consumers
        from narrative in Narratives(consumer)
        select new Case(scenario with { Setup = scenario.Setup with { Consent = consent } }, consumer, narrative);

    /// <summary>Every value the record would put on the public feed, as text.</summary>
    private static string Serialize(DisclosureRecord record) =>
        string.Join("\n", typeof(DisclosureRecord).GetProperties().Select(p => Convert.ToString(p.GetValue(record), CultureInfo.InvariantCulture)));

    private static string[] FilingPii(ConsumerContact contact)
    {
        var pii = new List<string> { contact.Name };
        if (contact.Email is { } email)
        {
            pii.Add(email);
        }

        if (contact.Phone is { } phone)
        {
            pii.Add(phone);
            pii.Add(string.Concat(phone.Where(char.IsAsciiDigit)));
        }

        return [.. pii];
    }

    [Fact]
    public void A_drafted_or_published_disclosure_never_contains_personal_data_from_the_filing() =>
        Check.One(Config, Prop.ForAll(Arb.From(Cases), c =>
        {
            var sim = Scenarios.PlayThroughWorkflow(c.Scenario);
            Assert.True(sim.State.IsTerminal && sim.State.DisclosureId is not null, sim.Trace);

            var record = DisclosureBuilder.Build(sim.State, sim.State.DisclosureId!, c.Narrative.Text, c.Consumer.Contact);
            var published = Serialize(record);

            foreach (var pii in FilingPii(c.Consumer.Contact).Concat(c.Narrative.Pii))
            {
                Assert.False(
                    published.Contains(pii, StringComparison.OrdinalIgnoreCase),
                    $"'{pii}' was published in:{Environment.NewLine}{record.Narrative}");
            }

            // With consent, scrubbing must succeed rather than drop the narrative; without, nothing is published.
            if (c.Scenario.Setup.Consent)
            {
                Assert.NotNull(record.Narrative);
            }
            else
            {
                Assert.Null(record.Narrative);
            }
        }));

    [Fact]
    public void The_generated_names_cannot_collide_with_anything_else_in_a_record() =>
        Check.One(Config, Prop.ForAll(Arb.From(Names), name =>
        {
            var taken = new[] { Support.Fixtures.Merchant.Name, Support.Fixtures.Mall.Name, Support.Fixtures.Platform.Name, Support.Fixtures.Market.Name }
                .Concat(Enum.GetNames<Category>()).Concat(Enum.GetNames<ComplaintOutcome>()).Concat(Enum.GetNames<HandlingRoute>())
                .Concat(Enum.GetNames<Payer>()).Concat(Prose);
            Assert.DoesNotContain(taken, t => t.Contains(name, StringComparison.OrdinalIgnoreCase));
        }));
}

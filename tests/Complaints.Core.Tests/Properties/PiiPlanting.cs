using System.Globalization;
using System.Text;
using Complaints.Core.Disclosure;
using Complaints.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace Complaints.Core.Tests.Properties;

/// <summary>
/// A piece of personal data planted in a narrative, and what of it must not reach any public output:
/// <see cref="Digits"/> are compared as digit sequences (separators stripped, width and script folded: no seven
/// consecutive digits of one may survive, nor the whole of a shorter one), <see cref="Words"/> as letters and digits
/// with everything else stripped, <see cref="Exact"/> as folded text.
/// </summary>
public sealed record Plant(string Kind, string Written, string[] Digits, string[] Words, string[] Exact)
{
    public override string ToString() => $"{Kind} '{Written}'";
}

/// <summary>A consumer as filed (and as the intake stores it), and the ways the narrative writes their details.</summary>
public sealed record PlantedConsumer(ConsumerContact Filed, ConsumerContact Stored, Plant[] Forms)
{
    public override string ToString() => $"filed {Filed}, stored {Stored}";
}

/// <summary>A narrative (a real CFPB one or Chinese sentences) with personal data planted at random places.</summary>
public sealed record PlantedNarrative(string Text, Plant[] Plants, string Base = "")
{
    public override string ToString() =>
        $"planted [{string.Join(" | ", Plants.Select(p => p.ToString()))}]{Environment.NewLine}{Text}";
}

/// <summary>
/// Generators of personal data in every kind the scrubber names, written the ways people write it: in random widths
/// (ASCII, full-width, a mix, other scripts' digits, Chinese numerals), groupings (spaces, no-break and ideographic
/// spaces, dashes of every kind, dots, slashes, brackets, zero-width spaces) and positions (between words, glued to
/// words for numbers, inside Chinese text).
/// </summary>
public static class PiiPlanting
{
    private static readonly string[] Separators = [" ", "\u00A0", "-", ".", "/", "－", "\u3000", " - ", "\u2013", "\u200B", "  "];
    private static readonly string[] Syllables = ["mei", "lan", "xiao", "yu", "hui", "jing", "wen", "hao", "ming", "ting", "jun", "zhi", "qiang", "fang", "ying", "ruo", "xin", "kai", "shu", "pei"];
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "欧阳", "司马"];
    private static readonly string[] GivenNames = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "涛", "超", "霞", "婷", "鑫", "宇", "昊"];
    private static readonly string[] Cities = ["北京市朝阳区", "上海市徐汇区", "广州市天河区", "深圳市南山区", "杭州市西湖区", "成都市武侯区", ""];
    private static readonly string[] Roads = ["建国", "漕溪北", "天河", "科苑", "文三", "中山", "解放", "人民"];
    private static readonly string[] RoadKinds = ["路", "街", "大道", "大街"];
    private static readonly string[] Streets = ["Baker", "Maple", "High", "Church", "Elm", "Harbour", "North Cedar", "Old Mill"];
    private static readonly string[] StreetKinds = ["Street", "St", "Road", "Rd", "Avenue", "Ave", "Lane", "Drive", "Court", "Way"];
    private static readonly string[] Months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    private static readonly string[] Provinces = ["京", "沪", "粤", "浙", "苏", "川", "鲁", "豫", "鄂", "湘"];
    private static readonly string[] Domains = ["qq.com", "163.com", "example.com", "mail.example.cn", "gmail.com", "example.com.cn"];

    /// <summary>Chinese sentences of our own, with amounts, years and times that must stay readable.</summary>
    public static readonly string[] ChineseSentences =
    [
        "我在平台上购买了一台电视机，收到后发现屏幕有裂痕。",
        "商家拒绝退货，说已经超过七天无理由退货期限。",
        "客服一直让我等待，已经过去了两个星期。",
        "我于2025年在该店办理了会员卡，花了¥1,299。",
        "订单金额为120.00元，运费另付。",
        "快递员说已经送到了，但我根本没有收到包裹。",
        "我多次拨打客服热线都无人接听。",
        "商家承诺三天内退款，结果到现在也没有到账。",
        "这款手机用了一周就无法开机，维修点说是主板问题。",
        "希望监管部门能帮我讨回公道，谢谢！",
        "下午14:30我又去了一次门店，店员态度很差。",
        "发票上写的价格和页面上的价格不一样，差了300元。",
    ];

    private static Gen<string> DigitString(int count) => Gen.Choose(0, 9).ArrayOf(count).Select(d => string.Concat(d));

    private static Gen<string> DigitString(int count, char first) => DigitString(count - 1).Select(rest => first + rest);

    private static Gen<string> NonZeroFirst(int count) => from first in Gen.Choose(1, 9) from rest in DigitString(count - 1) select first.ToString(CultureInfo.InvariantCulture) + rest;

    private static string Capitalised(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);

    // ---- widths and scripts ----

    private static string FullWidth(string s) => string.Concat(s.Select(c => c switch
    {
        ' ' => '\u3000',
        >= '!' and <= '~' => (char)(c + 0xFEE0),
        _ => c,
    }));

    private static string DigitsIn(string s, char zero) => string.Concat(s.Select(c => char.IsAsciiDigit(c) ? char.ConvertFromUtf32(zero + (c - '0')) : c.ToString()));

    /// <summary>The same text in one of the widths people type: as is, full-width, a mix, or (for digits) another script's digits.</summary>
    private static Gen<string> AnyWidth(string s, bool otherScripts = true)
    {
        var widths = new List<(int, Gen<string>)>
        {
            (6, Gen.Constant(s)),
            (2, Gen.Constant(FullWidth(s))),
            (2, Gen.Elements(true, false).ArrayOf(s.Length).Select(flags => string.Concat(s.Select((c, i) => flags[i] ? FullWidth(c.ToString()) : c.ToString())))),
        };
        if (otherScripts)
        {
            widths.Add((1, Gen.Elements('\u0660', '\u0966', '\u0E50').Select(zero => DigitsIn(s, zero))));
            widths.Add((1, Gen.Constant(string.Concat(s.Select(c => char.IsAsciiDigit(c) ? char.ConvertFromUtf32(0x1D7CE + (c - '0')) : c.ToString())))));
        }

        return Gen.Frequency(widths.ToArray());
    }

    private static Gen<string> AnyCase(string s) => Gen.Elements(s, s.ToUpperInvariant(), s.ToLowerInvariant());

    private static string ChineseNumerals(string digits, bool yao) =>
        string.Concat(digits.Select(c => c == '1' && yao ? '幺' : "〇一二三四五六七八九"[c - '0']));

    // ---- groupings ----

    /// <summary>Digits in groups: none, the usual ones, or random ones, joined by one separator (brackets round the first, at times).</summary>
    private static Gen<string> Grouped(string digits, int[] usual) =>
        from how in Gen.Choose(0, 3)
        from cuts in Gen.Choose(2, 5).ArrayOf(digits.Length / 2)
        from separator in Gen.Elements(Separators)
        from brackets in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
        let groups = how switch
        {
            0 => [digits],
            1 or 2 => Split(digits, usual),
            _ => Split(digits, cuts),
        }

        // Two groups joined by a dot, the second of one or two digits, is an amount (23596.46), kept by design.
        let joiner = groups is [_, { Length: <= 2 }] && separator == "." ? " " : separator
        select (brackets && groups.Length > 1 ? $"({groups[0]}) " : groups[0] + (groups.Length > 1 ? joiner : string.Empty))
            + string.Join(joiner, groups.Skip(1));

    private static string[] Split(string digits, int[] sizes)
    {
        var groups = new List<string>();
        var at = 0;
        foreach (var size in sizes.Where(s => s > 0))
        {
            if (at >= digits.Length)
            {
                break;
            }

            groups.Add(digits.Substring(at, Math.Min(size, digits.Length - at)));
            at += size;
        }

        if (at < digits.Length)
        {
            groups.Add(digits[at..]);
        }

        return [.. groups];
    }

    private static Gen<string> GroupedInAnyWidth(string digits, int[] usual) => Grouped(digits, usual).SelectMany(g => AnyWidth(g));

    // ---- kinds ----

    /// <summary>A phone: its digits without country code, and how it is typed (with the prefixes people add).</summary>
    private static Gen<(string National, Gen<string> Typed)> PhoneNumbers { get; } = Gen.OneOf(
        from second in Gen.Choose(3, 9)
        from rest in DigitString(9)
        let national = $"1{N(second)}{rest}"
        select (national, from prefix in Gen.Elements("", "", "+86 ", "+86", "0086 ", "+86-", "(+86) ")
                          from grouped in Grouped(national, [3, 4, 4])
                          select prefix + grouped),
        from area in Gen.Elements("010", "020", "021", "0755", "0571", "028")
        from local in NonZeroFirst(8)
        let national = area + local
        select (national, from international in Gen.Elements(false, false, true)
                          let written = international ? national[1..] : national
                          from grouped in Grouped(written, [written.Length - 8, 4, 4])
                          select (international ? "+86 " : string.Empty) + grouped),
        from area in Gen.Choose(201, 989)
        from exchange in Gen.Choose(200, 989)
        from line in DigitString(4)
        let national = $"{N(area)}{N(exchange)}{line}"
        select (national, from prefix in Gen.Elements("", "+1 ", "1-")
                          from grouped in Grouped(national, [3, 3, 4])
                          select prefix + grouped),
        from first in Gen.Elements('2', '3', '5', '6', '9')
        from rest in DigitString(7)
        let national = first + rest
        select (national, Grouped(national, [4, 4]).Select(g => "+852 " + g)));

    private static Gen<Plant> Phones { get; } =
        from phone in PhoneNumbers
        from typed in phone.Typed
        from written in Gen.Frequency(
            (8, AnyWidth(typed)),
            (1, Gen.Elements(true, false).Select(yao => phone.National.StartsWith('1') ? ChineseNumerals(phone.National, yao) : typed)))
        select new Plant("phone", written, [phone.National], [], []);

    private static string LuhnCompleted(string body)
    {
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var d = body[body.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                d = d * 2 > 9 ? (d * 2) - 9 : d * 2;
            }

            sum += d;
        }

        return body + N((10 - (sum % 10)) % 10);
    }

    private static Gen<Plant> IdNumbers { get; } = Gen.OneOf(
        from region in NonZeroFirst(6)
        from birth in Gen.Choose(0, 25_000).Select(days => new DateOnly(1945, 1, 1).AddDays(days))
        from sequence in DigitString(3)
        from check in Gen.Elements("0", "7", "X", "x", "Ｘ")
        let body = region + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence
        from grouped in Grouped(body + (check == "Ｘ" ? "X" : check), [6, 8, 4])
        from written in AnyWidth(grouped, otherScripts: false)
        select new Plant("id-number", written, [body], [], []),
        from region in NonZeroFirst(6)
        from birth in Gen.Choose(0, 20_000).Select(days => new DateOnly(1930, 1, 1).AddDays(days))
        from sequence in DigitString(3)
        let id = region + birth.ToString("yyMMdd", CultureInfo.InvariantCulture) + sequence
        from written in GroupedInAnyWidth(id, [6, 6, 3])
        select new Plant("id-number (15 digits)", written, [id], [], []));

    private static Gen<Plant> AccountNumbers { get; } = Gen.OneOf(
        from prefix in Gen.Elements("4", "51", "6222", "3782")
        from body in DigitString(15 - prefix.Length)
        from mistyped in Gen.Elements(false, true)
        let card = LuhnCompleted(prefix + body)
        let number = mistyped ? card[..^1] + N((card[^1] - '0' + 1) % 10) : card
        from written in GroupedInAnyWidth(number, [4, 4, 4, 4])
        select new Plant(mistyped ? "card (fails Luhn)" : "card", written, [number], [], []),
        from length in Gen.Choose(7, 19)
        from number in NonZeroFirst(length)
        from written in GroupedInAnyWidth(number, [4, 4, 4, 4, 3])
        select new Plant("bank account / order number", written, [number], [], []),
        from letters in Gen.Elements("SF", "JD", "YT", "ZTO")
        from length in Gen.Choose(10, 15)
        from number in DigitString(length)
        from written in AnyWidth(letters + number, otherScripts: false)
        select new Plant("waybill", written, [number], [(letters + number).ToLowerInvariant()], []));

    private static Gen<Plant> Passports { get; } = Gen.OneOf(
        from letter in Gen.Elements("E", "G", "EA", "EB")
        from number in DigitString(9 - letter.Length)
        from written in AnyWidth(letter + number)
        select new Plant("passport", written, [number], [(letter + number).ToLowerInvariant()], []),
        from label in Gen.Elements("passport ", "Passport No. ", "passport number: ", "护照号码", "护照 ")
        from chars in Gen.Elements("CFGHJKLMNPRTVWXYZ0123456789".ToCharArray()).ArrayOf(9)
        from digit in Gen.Choose(0, 9)
        let value = "C" + new string(chars[..7]) + N(digit)
        select new Plant("passport (labelled)", label + value, [], [value.ToLowerInvariant()], []));

    private static Gen<Plant> Plates { get; } =
        from province in Gen.Elements(Provinces)
        from letter in Gen.Elements("ABCDEFGHJKLMN".ToCharArray())
        from separator in Gen.Elements("·", "", " ", "•", "-")
        from tail in Gen.Elements("ABCDEFGHJKLMN0123456789".ToCharArray()).ArrayOf(4)
        from digit in Gen.Choose(0, 9)
        from six in Gen.Elements(false, true)
        let value = new string(tail) + N(digit) + (six ? "D" : string.Empty)
        from written in AnyWidth($"{letter}{separator}{value}", otherScripts: false)
        from label in Gen.Elements("", "车牌", "车牌号", "plate ")
        select new Plant("plate", label + province + written, [], [$"{letter}{value}".ToLowerInvariant()], []);

    private static Gen<Plant> Addresses { get; } = Gen.OneOf(
        from city in Gen.Elements(Cities)
        from road in Gen.Elements(Roads)
        from kind in Gen.Elements(RoadKinds)
        from number in Gen.Choose(1, 999)
        from chinese in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
        from building in Gen.Choose(0, 30)
        from room in Gen.Choose(101, 2_999)
        from buildingKind in Gen.Elements("栋", "号楼", "幢")
        let numberText = chinese && number < 10 ? "〇一二三四五六七八九"[number].ToString() : N(number)
        let rest = building > 0 ? $"{N(building)}{buildingKind}{N(room)}室" : string.Empty
        from written in AnyWidth($"{city}{road}{kind}{numberText}号{rest}", otherScripts: false)
        select new Plant("address (Chinese)", written, [], building > 0 ? [$"{road}{kind}{numberText}号", $"{N(room)}室"] : [$"{road}{kind}{numberText}号"], []),
        from number in Gen.Choose(1, 9_999)
        from letter in Gen.Elements("", "", "B")
        from street in Gen.Elements(Streets)
        from kind in Gen.Elements(StreetKinds)
        from unit in Gen.Elements("", "", ", Apt 7C", " Suite 200")
        from casing in Gen.Frequency((6, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(2)))
        let plain = $"{N(number)}{letter} {street} {kind}"
        let spelled = kind.Length > 3
        let written = casing == 1 && spelled ? plain.ToLowerInvariant() : casing == 2 && spelled ? plain.ToUpperInvariant() : plain
        select new Plant("address (English)", written + unit, [], [$"{N(number)}{letter}{street.Split(' ')[0]}".ToLowerInvariant()], []));

    private static Gen<Plant> Emails { get; } =
        from a in Gen.Elements(Syllables)
        from b in Gen.Elements(Syllables)
        from n in Gen.Choose(10, 9_999)
        from joiner in Gen.Elements(".", "_", "")
        from domain in Gen.Elements(Domains)
        let local = $"{a}{joiner}{b}{N(n)}"
        from written in WrittenEmails(local, domain)
        select new Plant("email", written, [], [$"{a}{b}{N(n)}", $"{a}{b}{N(n)}{LettersAndDigits(domain)}"], []);

    /// <summary>An e-mail address as written: as is, in any width, with <c>＠</c>, or spelled out.</summary>
    private static Gen<string> WrittenEmails(string local, string domain) => Gen.OneOf(
        AnyWidth($"{local}@{domain}", otherScripts: false),
        Gen.Constant($"{local}＠{domain}"),
        Gen.Elements(" at ", "(at)", " [at] ", " (at) ", "艾特").SelectMany(at =>
            Gen.Elements(" dot ", "(dot)", " [dot] ", ".", "点").Select(dot => local + at + domain.Replace(".", dot, StringComparison.Ordinal))));

    private static Gen<Plant> LabelledNames { get; } = Gen.OneOf(
        from first in Gen.Elements(Syllables)
        from last in Gen.Elements(Syllables)
        from suffix in Gen.Elements("ang", "ong", "ei", "ui")
        let name = $"{Capitalised(first)}{suffix} {Capitalised(last)}{suffix}"
        select new Plant("name (self-introduction)", $"My name is {name}", [], [LettersAndDigits(name)], []),
        from surname in Gen.Elements(Surnames.Where(s => s.Length == 1).ToArray())
        from given in Gen.Elements(GivenNames).ArrayOf(2)
        let name = surname + string.Concat(given)
        select new Plant("name (我叫)", $"我叫{name}，", [], [name], []));

    private static Gen<Plant> Dates { get; } =
        from date in Gen.Choose(0, 15_000).Select(days => new DateOnly(1990, 1, 1).AddDays(days))
        from format in Gen.Choose(0, 8)
        let y = N(date.Year)
        let m = N(date.Month)
        let d = N(date.Day)
        let mm = date.Month.ToString("00", CultureInfo.InvariantCulture)
        let dd = date.Day.ToString("00", CultureInfo.InvariantCulture)
        let month = Months[date.Month - 1]
        let written = format switch
        {
            0 => $"{y}-{mm}-{dd}",
            1 => $"{y}/{m}/{d}",
            2 => $"{y}.{mm}.{dd}",
            3 => $"{mm}/{dd}/{y}",
            4 => $"{dd}/{mm}/{y}",
            5 => $"{month} {d}, {y}",
            6 => $"{d} {month} {y}",
            7 => $"{y}年{m}月{d}日",
            _ => $"{m}月{d}号",
        }
        from width in AnyWidth(written, otherScripts: false)
        select format switch
        {
            < 5 => new Plant("date", width, [string.Concat(written.Where(char.IsAsciiDigit))], [], []),
            5 => new Plant("date", width, [], [], [$"{month} {d},".ToLowerInvariant()]),
            6 => new Plant("date", width, [], [], [$"{d} {month}".ToLowerInvariant()]),
            _ => new Plant("date", width, [], [], [$"{m}月{d}日", $"{m}月{d}号"]),
        };

    /// <summary>Third-party personal data of every kind.</summary>
    public static Gen<Plant> AnyPii { get; } = Gen.Frequency(
        (4, Phones), (2, IdNumbers), (3, AccountNumbers), (1, Passports), (1, Plates), (2, Addresses), (2, Emails), (1, LabelledNames), (2, Dates));

    // ---- the consumer's own strings ----

    private static Gen<string> LatinNames { get; } =
        from a in Gen.Elements(Syllables)
        from b in Gen.Elements(Syllables)
        from c in Gen.Elements(Syllables)
        from suffix in Gen.Choose('a', 'z').ArrayOf(3)
        select $"{Capitalised(a)}{b} {Capitalised(c)}{new string(suffix.Select(x => (char)x).ToArray())}";

    private static Gen<string> ChineseNames { get; } =
        from surname in Gen.Elements(Surnames)
        from given in Gen.Elements(GivenNames).ArrayOf(2)
        select surname + string.Concat(given);

    /// <summary>The name in another order, case, width or grouping, or glued into a word.</summary>
    private static Gen<string> WrittenNames(string name)
    {
        var parts = name.Split(' ');
        return Gen.OneOf(
            AnyCase(name).SelectMany(n => AnyWidth(n, otherScripts: false)),
            Gen.Constant(string.Join(' ', parts.Reverse())),
            Gen.Elements("\u00A0", "  ", "·", "-", ". ", "\u3000").Select(s => parts.Length > 1 ? string.Join(s, parts) : string.Join(s, name.Select(c => c.ToString()))),
            Gen.Constant($"ac{name}count"));
    }

    private static Gen<string> LocalParts { get; } =
        from a in Gen.Elements(Syllables)
        from b in Gen.Elements(Syllables)
        from n in Gen.Choose(10, 99)
        select $"{a}.{b}{N(n)}";

    public static Gen<PlantedConsumer> Consumers { get; } =
        from latin in Gen.Elements(true, false)
        from name in latin ? LatinNames : ChineseNames
        from phone in PhoneNumbers
        from filedPhone in phone.Typed.SelectMany(p => AnyWidth(p))
        from localPart in LocalParts
        from domain in Gen.Elements(Domains)
        from filedEmail in AnyWidth($"{localPart}@{domain}", otherScripts: false)
        from has in Gen.Elements((true, true), (true, false), (false, true), (true, true))
        from nameForms in WrittenNames(name).ArrayOf(2)
        from phoneForms in Gen.Frequency(
            (6, phone.Typed.SelectMany(p => AnyWidth(p))),
            (1, Gen.Constant(phone.National.StartsWith('1') ? ChineseNumerals(phone.National, yao: false) : phone.National))).ArrayOf(2)
        from emailForms in WrittenEmails(localPart, domain).ArrayOf(2)
        select Consumer(name, has.Item1 ? filedPhone : null, has.Item2 ? filedEmail : null, phone.National, localPart, domain, nameForms, phoneForms, emailForms);

    private static PlantedConsumer Consumer(
        string name, string? phone, string? email, string national, string localPart, string domain, string[] nameForms, string[] phoneForms, string[] emailForms)
    {
        // The intake normalizes what the consumer typed; a generated form it refuses is a failure of the intake.
        string? storedPhone = null;
        string? storedEmail = null;
        if ((phone is not null && !ContactDetails.TryNormalizePhone(phone, out storedPhone)) || (email is not null && !ContactDetails.TryNormalizeEmail(email, out storedEmail)))
        {
            throw new InvalidOperationException($"The intake refused a contact detail as people type it: phone '{phone}', e-mail '{email}'.");
        }

        var parts = name.Split(' ');
        string[] nameWords = [LettersAndDigits(name), LettersAndDigits(string.Concat(parts.Reverse()))];
        var forms = nameForms.Select(n => new Plant("consumer's name", n, [], nameWords, []))
            .Concat(phone is null ? [] : phoneForms.Select(p => new Plant("consumer's phone", p, [national], [], [])))
            .Concat(email is null ? [] : emailForms.Select(e => new Plant("consumer's e-mail", e, [], [LettersAndDigits(localPart), LettersAndDigits(localPart + domain)], [])));
        return new PlantedConsumer(new ConsumerContact(name, phone, email), new ConsumerContact(name, storedPhone, storedEmail), [.. forms]);
    }

    // ---- narratives ----

    /// <summary>A real CFPB narrative (most of the time) or Chinese sentences of our own.</summary>
    public static Gen<string> BaseNarratives { get; } = Gen.Frequency(
        (3, Gen.Elements(CfpbSample.AllNarratives.ToArray())),
        (1, Gen.Elements(ChineseSentences).ArrayOf(12).Select(string.Concat)));

    /// <summary><paramref name="plants"/> written into <paramref name="text"/> at random places.</summary>
    public static Gen<PlantedNarrative> Planted(string text, Plant[] plants) =>
        from positions in Gen.Choose(0, text.Length).ArrayOf(plants.Length)
        from glued in Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true))).ArrayOf(plants.Length)
        select Insert(text, plants, positions, glued);

    private static PlantedNarrative Insert(string text, Plant[] plants, int[] positions, bool[] glued)
    {
        // Numbers and the consumer's name may be glued into a word; the rest stands between words. All places are in
        // the original text, filled from the end so that each plant stays whole.
        var places = plants.Select((plant, i) =>
        {
            var glue = glued[i] && (plant.Digits.Length > 0 || plant.Kind == "consumer's name");
            return (Plant: plant, At: glue ? positions[i] : Boundary(text, positions[i]), Glue: glue);
        });
        var builder = new StringBuilder(text);
        foreach (var (plant, at, glue) in places.Reverse().OrderByDescending(p => p.At))
        {
            // Between words a space, except next to Chinese text (or a plant placed there already, which is text now).
            var before = at > 0 && !IsSpaceOrIdeograph(builder[at - 1]) && !glue ? " " : string.Empty;
            var after = at < builder.Length && !IsSpaceOrIdeograph(builder[at]) && !glue ? " " : string.Empty;
            if (after.Length == 0 && at < builder.Length && IsLatin(builder[at]) && IsLatin(plant.Written[^1]))
            {
                after = " ";
            }

            builder.Insert(at, before + plant.Written + after);
        }

        return new PlantedNarrative(builder.ToString(), plants, text);
    }

    /// <summary>The nearest place at or after <paramref name="index"/> where a word ends (or Chinese text goes on).</summary>
    private static int Boundary(string text, int index)
    {
        var at = Math.Clamp(index, 0, text.Length);
        while (at < text.Length && at > 0 && !(IsSpaceOrIdeograph(text[at]) || IsSpaceOrIdeograph(text[at - 1]) || (char.IsPunctuation(text[at - 1]) && !char.IsLetterOrDigit(text[at]))))
        {
            at++;
        }

        return at;
    }

    private static bool IsLatin(char c) => char.IsAsciiLetterOrDigit(c) || c is (>= '\uFF10' and <= '\uFF5A');

    private static bool IsSpaceOrIdeograph(char c) => char.IsWhiteSpace(c) || c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3000' and <= '\u303F') or (>= '\uFF00' and <= '\uFFEF');

    private static string LettersAndDigits(string s) => string.Concat(Oracle.Fold(s).Where(char.IsLetterOrDigit));
}

/// <summary>
/// The property's own reading of public output, independent of the scrubber's: NFKC, any script's decimal digits and
/// Chinese numerals as ASCII digits, format characters and combining marks dropped, lower case.
/// </summary>
public static class Oracle
{
    public static string Fold(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var builder = new StringBuilder(s.Length);
        foreach (var rune in s.Normalize(NormalizationForm.FormKC).EnumerateRunes())
        {
            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark:
                    break;
                case UnicodeCategory.DecimalDigitNumber:
                    builder.Append((char)('0' + (int)Rune.GetNumericValue(rune)));
                    break;
                default:
                    builder.Append(rune.ToString().ToLowerInvariant());
                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Runs of digits with everything but letters stripped between them (Chinese numerals read as digits).</summary>
    public static IEnumerable<string> DigitRuns(string s)
    {
        var run = new StringBuilder();
        foreach (var c in Fold(s))
        {
            var digit = "〇一二三四五六七八九".IndexOf(c, StringComparison.Ordinal) is var n and >= 0 ? (char)('0' + n) : c is '零' ? '0' : c is '幺' ? '1' : c;
            if (char.IsAsciiDigit(digit))
            {
                run.Append(digit);
            }
            else if (char.IsLetter(c) && run.Length > 0)
            {
                yield return run.ToString();
                run.Clear();
            }
        }

        if (run.Length > 0)
        {
            yield return run.ToString();
        }
    }

    /// <summary>What of <paramref name="plant"/> survives in one output, read as its digit runs, its letters and digits, and folded; if anything.</summary>
    /// <remarks>
    /// <paramref name="alreadyThere"/>: the digit runs of the text before anything was planted in it. A window of the
    /// plant's digits that the text held already (a CFPB narrative's "{$200.00}, {$100.00}" reads as the run
    /// 2000010000) is no evidence that the plant survived, so it is not looked for.
    /// </remarks>
    public static string? Survivor(Plant plant, IReadOnlyList<string> digitRuns, string lettersAndDigits, string folded, IReadOnlyList<string>? alreadyThere = null)
    {
        ArgumentNullException.ThrowIfNull(plant);
        foreach (var digits in plant.Digits)
        {
            var windows = (digits.Length <= PiiScrubber.IdentifierDigits
                ? [digits]
                : Enumerable.Range(0, digits.Length - PiiScrubber.IdentifierDigits + 1).Select(i => digits.Substring(i, PiiScrubber.IdentifierDigits)))
                .Where(w => alreadyThere is null || !alreadyThere.Any(r => r.Contains(w, StringComparison.Ordinal)));
            if (windows.FirstOrDefault(w => digitRuns.Any(r => r.Contains(w, StringComparison.Ordinal))) is { } window)
            {
                return $"the digits {window} of {digits}";
            }
        }

        return plant.Words.FirstOrDefault(w => w.Length > 0 && lettersAndDigits.Contains(w, StringComparison.Ordinal)) is { } word
            ? $"'{word}' (letters and digits)"
            : plant.Exact.FirstOrDefault(e => folded.Contains(e, StringComparison.Ordinal)) is { } exact ? $"'{exact}'" : null;
    }
}

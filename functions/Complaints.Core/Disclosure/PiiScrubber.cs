using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Complaints.Core.Disclosure;

/// <summary>The contact details a consumer gave when filing. Never logged, never queued, never published.</summary>
public sealed record ConsumerContact(string Name, string? Phone, string? Email);

/// <summary>The kinds of personal data the scrubber masks, each with its own token (<see cref="PiiScrubber.TokenOf"/>).</summary>
public enum PiiKind
{
    Email,
    Passport,
    Plate,
    Name,
    Date,
    IdNumber,
    Phone,
    AccountNumber,
    Address,
}

/// <summary>A masked stretch of the original text.</summary>
public readonly record struct PiiSpan(int Start, int Length, PiiKind Kind);

/// <summary>The scrubbed text and what was masked in the original.</summary>
public sealed record ScrubResult(string Text, IReadOnlyList<PiiSpan> Masked);

/// <summary>
/// Removes personal data from free text before it may be published. It fails closed: the text is folded first
/// (<see cref="FoldedText"/>: any width, any script's digits, any dash or space), and then
/// <list type="bullet">
/// <item>every run of seven or more digits, in any grouping (spaces, dashes, dots, slashes, brackets, a comma without a space), is an
/// identifier and is masked, checksum or not, unless it is an amount with its currency, a thousands-grouped number,
/// a year range or a date; the token says what it most likely is (phone, ID, passport, account number);</item>
/// <item>e-mail addresses (also written <c>name at domain dot com</c> or with <c>(at)</c>), Chinese and English
/// addresses down to the street number, licence plates, labelled passport numbers and self-introductions
/// (<c>my name is</c>, <c>我叫</c>) are masked;</item>
/// <item>full dates keep their year and month, the day is masked;</item>
/// <item>every string the consumer gave as name, phone or e-mail is masked however it is grouped (<see cref="ConsumerStrings"/>).</item>
/// </list>
/// The patterns are source-generated, bounded, and time out (the caller then publishes nothing).
/// See docs/domain-rules.md, "Personal data in narratives".
/// </summary>
public static partial class PiiScrubber
{
    public const string EmailToken = "[email]";
    public const string PhoneToken = "[phone]";
    public const string IdToken = "[id-number]";
    public const string PassportToken = "[passport]";
    public const string AccountToken = "[account-number]";
    public const string PlateToken = "[plate]";
    public const string AddressToken = "[address]";
    public const string NameToken = "[name]";
    public const string DateToken = "[date]";

    /// <summary>Seven digits or more make an identifier.</summary>
    public const int IdentifierDigits = 7;

    private const int Timeout = 2000;
    private const int LabelWindow = 24;

    private static readonly (PiiKind Kind, string[] Labels)[] Labels =
    [
        (PiiKind.Passport, ["passport", "护照"]),
        (PiiKind.IdNumber, ["身份证", "证件", "id", "ssn", "social security", "identity", "driver"]),
        (PiiKind.Phone, ["phone", "tel", "call", "mobile", "cell", "whatsapp", "wechat", "fax", "电话", "手机", "联系", "致电", "微信", "热线"]),
        (PiiKind.AccountNumber, ["card", "account", "acct", "iban", "routing", "order", "tracking", "waybill", "卡号", "银行卡", "账号", "账户", "帐号", "帐户", "订单", "运单", "快递单"]),
    ];

    /// <summary>Every token, in <see cref="PiiKind"/> order.</summary>
    public static IReadOnlyList<string> Tokens { get; } = [.. Enum.GetValues<PiiKind>().Select(TokenOf)];

    public static string TokenOf(PiiKind kind) => kind switch
    {
        PiiKind.Email => EmailToken,
        PiiKind.Passport => PassportToken,
        PiiKind.Plate => PlateToken,
        PiiKind.Name => NameToken,
        PiiKind.Date => DateToken,
        PiiKind.IdNumber => IdToken,
        PiiKind.Phone => PhoneToken,
        PiiKind.AccountNumber => AccountToken,
        PiiKind.Address => AddressToken,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown kind"),
    };

    /// <summary>Scrubs <paramref name="text"/>; the consumer's own strings are removed wherever and however they appear.</summary>
    /// <exception cref="RegexMatchTimeoutException">A pattern took too long: publish nothing.</exception>
    public static string Scrub(string text, ConsumerContact? consumer) => Analyse(text, consumer).Text;

    /// <summary>Scrubs <paramref name="text"/> and says what was masked where (for measuring over-scrubbing).</summary>
    /// <exception cref="RegexMatchTimeoutException">A pattern took too long: publish nothing.</exception>
    public static ScrubResult Analyse(string text, ConsumerContact? consumer)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scan = new Scan(FoldedText.Of(text));
        scan.Emails();
        scan.Labelled();
        scan.Dates();
        scan.Addresses();
        scan.Amounts();
        scan.DigitRuns();
        if (consumer is not null)
        {
            scan.Consumer(ConsumerStrings.Of(consumer));
        }

        return scan.Result();
    }

    /// <summary>
    /// True when none of the consumer's strings survive in <paramref name="text"/> (folded, in any grouping; the
    /// tokens count as walls, so masking cannot join two fragments into a new occurrence).
    /// </summary>
    public static bool IsFreeOf(string text, ConsumerContact consumer)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(consumer);
        foreach (var token in Tokens)
        {
            text = text.Replace(token, FoldedText.Barrier.ToString(), StringComparison.Ordinal);
        }

        return !ConsumerStrings.Of(consumer).Find(FoldedText.Fold(text), includeNameParts: false).Any();
    }

    // ---- patterns (all on folded text) ----

    private static readonly HashSet<string> TopLevelDomains = new(
        ["com", "net", "org", "edu", "gov", "mil", "info", "biz", "cn", "uk", "de", "fr", "jp", "kr", "hk", "tw", "sg", "us", "ca", "au", "io", "co", "me", "xyz", "top", "vip", "ru", "in", "nl", "es", "it"],
        StringComparer.OrdinalIgnoreCase);

    private const string SpelledDot = @"\.|\(\s*dot\s*\)|\[\s*dot\s*\]|\{\s*dot\s*\}|<\s*dot\s*>|(?<=\s)dot(?=\s)|点|點";

    [GeneratedRegex(@"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+[ ]?@[ ]?[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex Email();

    // The host's labels are matched greedily and without backtracking into one another; the scan then cuts the
    // address after its last label that is a top-level domain ("example dot com. Then" ends at "com").
    [GeneratedRegex(@"(?<![A-Za-z0-9._%+\-])(?<local>[A-Za-z0-9][A-Za-z0-9._%+\-]*)[ ]*(?<at>\(\s*at\s*\)|\[\s*at\s*\]|\{\s*at\s*\}|<\s*at\s*>|(?<=\s)at(?=\s)|艾特|@)[ ]*[A-Za-z0-9\-]+(?:[ ]*(?<dot>" + SpelledDot + @")[ ]*(?<label>[A-Za-z0-9\-]+))+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex SpelledEmail();

    [GeneratedRegex(@"(?:passport|护照)(?:[ ]*(?:number|num|no\.?|#|号码|号))?[ ]*(?:is|:|：|为|是)?[ ]*(?<v>[A-Za-z0-9]{6,12})(?![A-Za-z0-9])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex LabelledPassport();

    [GeneratedRegex(@"(?:licen[cs]e[ ]*plate|number[ ]*plate|plate|registration|车牌)(?:[ ]*(?:number|num|no\.?|#|号码|号))?[ ]*(?:is|:|：|为|是)?[ ]*(?<v>[\u4E00-\u9FFF]?[A-Za-z0-9]{1,4}(?:[ \-·•・.]?[A-Za-z0-9]{1,5})?)(?![A-Za-z0-9])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex LabelledPlate();

    // Mainland plates: province, issuing letter, an optional dot, five (six for new energy) letters or digits, with at
    // least one digit; digits may follow (a plate and a year written together), letters may not (新iPhone).
    [GeneratedRegex(@"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领][A-Za-z][ ·•・.\-]?[A-Za-z0-9]{4}[A-Za-z0-9挂学警港澳领使](?:[A-Za-z0-9](?![A-Za-z]))?(?![A-Za-z])", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex ChinesePlate();

    [GeneratedRegex(@"(?:(?<![A-Za-z])(?i:my[ ]+name[ ]+is|i[ ]+am[ ]+called)[ ]+(?<v>(?!(?i:my[ ]+name))[A-Z][A-Za-z'\-]+(?:[ ]+(?!(?i:my[ ]+name))[A-Z][A-Za-z'\-]+){0,2}))|(?:(?:我叫|我的名字是|我的名字叫|姓名[ ]*[:：]?)[ ]*(?![了过着他她你您客快外车人])(?<v>[\u4E00-\u9FFF]{2,3}))", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex LabelledName();

    // 2026-03-02, 2026/3/2, 2026.03.02; 03/02/2026, 2.3.26 (day and month told apart where they can be).
    [GeneratedRegex(@"(?<![0-9][ \-./,]?)(?:(?<y>(?:19|20)[0-9]{2})(?<s>[\-./])(?<m>1[0-2]|0?[1-9])\k<s>(?<d>3[01]|[12][0-9]|0?[1-9])|(?<a>3[01]|[12][0-9]|0?[1-9])(?<t>[\-./])(?<b>3[01]|[12][0-9]|0?[1-9])\k<t>(?:(?:19|20)[0-9]{2}|[0-9]{2}))(?:(?=[ T][0-9]{1,2}:[0-9]{2})|(?![0-9]|[ \-./,]?[0-9]))", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex NumericDate();

    // 2026年3月2日, 3月2号 (without a year only with its day character).
    [GeneratedRegex(@"(?<![0-9])(?:(?<y>(?:19|20)?[0-9]{2})[ ]?年[ ]?)?(?<m>1[0-2]|0?[1-9])[ ]?月[ ]?(?<d>(?:3[01]|[12][0-9]|0?[1-9])(?![0-9])[ ]?(?<suffix>日|号|號)?)", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex ChineseDate();

    [GeneratedRegex(@"(?<![A-Za-z])(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|(?-i:May|MAY)|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?[ ]?(?<d>(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?)(?![0-9A-Za-z])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex EnglishMonthDay();

    [GeneratedRegex(@"(?<![0-9A-Za-z])(?<d>(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?)[ ]?(?:of[ ]+)?(?:January|February|March|April|(?-i:May|MAY)|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)(?![A-Za-z])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex EnglishDayMonth();

    [GeneratedRegex(@"(?<![0-9][ \-./,]?)(?<a>(?:19|20)[0-9]{2})[\-/](?<b>(?:19|20)[0-9]{2})(?![0-9]|[ \-./,]?[0-9])", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex YearRange();

    // An amount with its currency, before or after: $12,000.00, ¥1,299, 120.00 CNY, 1299元, $1000-2000 (or a
    // percentage: 524.9996 %); standing alone,
    // not next to other digits or glued to letters (then it may be the end of a longer number: +852 9667 4782元), and
    // without a leading zero (an amount has none; a number cut out of an identifier may). Seven digits or more before
    // the decimal point need thousands separators: 2359646元 may be an account number, 2,359,646元 is an amount.
    private const string AmountNumber = @"(?:[1-9][0-9]{0,2}(?:,[0-9]{3})+|[1-9][0-9]{0,5}|0)(?:\.[0-9]{1,2})?";

    // A range ($1000-2000) only of short or thousands-grouped amounts: "$ 74881-80696" may as well be a phone number.
    private const string AmountRange = @"(?:[1-9][0-9]{0,2}(?:,[0-9]{3})+|[1-9][0-9]{0,3})(?:\.[0-9]{1,2})?[ ]?[\-~][ ]?[$¥€£]?(?:[1-9][0-9]{0,2}(?:,[0-9]{3})+|[1-9][0-9]{0,3})(?:\.[0-9]{1,2})?";

    [GeneratedRegex(@"(?:(?:[$¥€£₹₩]|(?<![A-Za-z])(?:RMB|CNY|USD|HKD|EUR|GBP|JPY)(?![A-Za-z]))[ ]?(?:" + AmountRange + "|" + AmountNumber + @")(?![0-9A-Za-z]|[ \-./,()]{1,3}[0-9]))|(?:(?<![0-9A-Za-z+]|[0-9][ \-./,()]{1,3})" + AmountNumber + @"[ ]?(?:元|块|圆|yuan|rmb|cny|usd|hkd|eur|gbp|dollars?|euros?|pounds?|bucks)(?![A-Za-z]))|(?:(?<![0-9A-Za-z+]|[0-9][ \-./,()]{1,3})[0-9]{1,6}(?:\.[0-9]{1,6})?[ ]?%)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex Amount();

    // Digits joined by at most three separators (spaces, dashes, dots, slashes, brackets), or by a comma with no space
    // (138,1234,5678); a comma and a space separate items of a list (2018, 2019, 2020).
    [GeneratedRegex(@"(?<![0-9])\+?\(?[0-9](?:(?:[ \-./()]{1,3}|,)?[0-9])*\)?", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex DigitRun();

    [GeneratedRegex(@"(?:[〇零一二三四五六七八九幺壹贰叁肆伍陆柒捌玖][ \-.·]?){6,}[〇零一二三四五六七八九幺壹贰叁肆伍陆柒捌玖]", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex ChineseNumeralRun();

    [GeneratedRegex(@"^[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex ThousandsGrouped();

    [GeneratedRegex(@"\G[ ]?(?:ext\.?|x|转|分机)[ ]?[0-9]{1,6}", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex Extension();

    // Chinese addresses: a road or lane (its name starting after a city or district, or a word such as 到/住/址),
    // its number, then any building, unit, floor and room.
    [GeneratedRegex(@"(?:(?<=[市区县镇乡省州旗到在于至住寄往址是:：,，。、 ])|(?<![\u4E00-\u9FFF0-9A-Za-z]))[\u4E00-\u9FFF0-9-[市区县镇乡省州旗到在于至住寄往址是的]]{1,10}?(?:大道|大街|胡同|路|街|道|巷|弄|里)(?:[0-9一二三四五六七八九十百零〇甲乙丙丁]{1,6}(?:号|號|弄|巷)){1,2}(?:[\u4E00-\u9FFFA-Za-z0-9\-]{0,12}?(?:号楼|号院|栋|幢|座|单元|楼|层|室|房|号))*", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex ChineseAddress();

    // A road and number that the pattern above could not delimit: up to four characters before the road kind.
    [GeneratedRegex(@"[\u4E00-\u9FFF]{0,4}(?:大道|大街|胡同|路|街|道|巷|弄)[0-9一二三四五六七八九十百零〇]{1,6}(?:号|號)", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex ChineseRoadNumber();

    // Building, unit, floor and room without a road (3栋502室, 1单元1201室), or a room number alone (502室).
    [GeneratedRegex(@"(?<![0-9A-Za-z])(?:[0-9A-Za-z一二三四五六七八九十]{1,5}(?:号楼|栋|幢|座|单元|层|楼|室|号房)){2,}|(?<![0-9])[0-9]{3,5}(?:室|房(?![间子东租价产]))", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex ChineseUnit();

    // English street addresses: a house number (221B), up to four capitalised words, a street type, an optional unit.
    [GeneratedRegex(@"(?<![0-9A-Za-z$])[0-9]{1,6}[A-Za-z]?(?:[ ]+[A-Z0-9][A-Za-z0-9'\.\-]*){1,4}?[ ]+(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Highway|Hwy|Parkway|Pkwy|Circle|Cir|Square|Sq|Trail|Trl|Crescent|Close|Plaza|Alley|Row)(?![A-Za-z])\.?(?:[ ,]+(?:Apt|Apartment|Suite|Ste|Unit|Flat|Room|Rm|#)[ .#]*[A-Za-z0-9\-]+)?", RegexOptions.CultureInvariant, Timeout)]
    private static partial Regex EnglishAddress();

    // The same in any case, more strictly (at most two words, a spelled-out street type). Patterns never use \b:
    // in .NET it sees no boundary between a Chinese character and a Latin letter.
    [GeneratedRegex(@"(?<![0-9A-Za-z$])[0-9]{1,6}[a-z]?(?:[ ]+[a-z0-9][a-z0-9'\.\-]*){1,2}?[ ]+(?:street|avenue|road|boulevard|lane|drive|court|terrace|highway|parkway)(?![A-Za-z])(?:[ ,]+(?:apt|apartment|suite|unit|flat|room|#)[ .#]*[a-z0-9\-]+)?", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex EnglishAddressLowerCase();

    [GeneratedRegex(@"(?<![A-Za-z])p\.?[ ]?o\.?[ ]?box[ ]*#?[0-9]{1,6}(?![0-9])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, Timeout)]
    private static partial Regex PostBox();

    /// <summary>
    /// One scrubbing pass over folded text. Each stage finds its matches in what earlier stages left unclaimed
    /// (claimed text reads as <see cref="FoldedText.Barrier"/>), masks some, and claims what it recognised, kept or
    /// not (the year and month of a date, an amount), so that a later stage cannot take it for something else.
    /// </summary>
    private sealed class Scan(FoldedText view)
    {
        private readonly char[] work = view.Text.ToCharArray();
        private readonly List<(int Start, int End, PiiKind Kind)> masks = [];

        private string Unclaimed => new(work);

        public void Emails()
        {
            foreach (var m in Email().Matches(Unclaimed).Cast<Match>())
            {
                Mask(m.Index, m.Index + m.Length, PiiKind.Email);
            }

            foreach (var (m, end) in Accepted(SpelledEmail(), Unclaimed, SpelledEmailEnd))
            {
                Mask(m.Index, end, PiiKind.Email);
            }
        }

        public void Labelled()
        {
            MaskValues(LabelledPassport(), PiiKind.Passport, v => v.Any(char.IsAsciiDigit));
            MaskValues(LabelledPlate(), PiiKind.Plate, v => v.Any(char.IsAsciiDigit) && v.Count(char.IsAsciiLetterOrDigit) >= 4);
            foreach (var m in Accepted(ChinesePlate(), Unclaimed, m => m.Value[2..].Any(char.IsAsciiDigit)))
            {
                Mask(m.Index, m.Index + m.Length, PiiKind.Plate);
            }

            MaskValues(LabelledName(), PiiKind.Name, _ => true);
        }

        public void Dates()
        {
            foreach (var m in NumericDate().Matches(Unclaimed).Cast<Match>())
            {
                MaskNumericDate(m, 0);
            }

            foreach (var m in Accepted(ChineseDate(), Unclaimed, m => m.Groups["y"].Success || m.Groups["suffix"].Success))
            {
                Claim(m.Index, m.Index + m.Length);
                MaskGroup(m.Groups["d"]);
            }

            foreach (var pattern in new[] { EnglishMonthDay(), EnglishDayMonth() })
            {
                foreach (var m in pattern.Matches(Unclaimed).Cast<Match>())
                {
                    Claim(m.Index, m.Index + m.Length);
                    MaskGroup(m.Groups["d"]);
                }
            }

            // A school or tax year (2019-2020) is two years, not an eight-digit number.
            foreach (var m in Accepted(YearRange(), Unclaimed, IsYearRange))
            {
                Claim(m.Index, m.Index + m.Length);
            }
        }

        public void Amounts()
        {
            foreach (var m in Amount().Matches(Unclaimed).Cast<Match>())
            {
                Claim(m.Index, m.Index + m.Length);
            }
        }

        public void DigitRuns()
        {
            var unclaimed = Unclaimed;
            foreach (var m in DigitRun().Matches(unclaimed).Cast<Match>())
            {
                var (start, end) = (m.Index, m.Index + m.Length);
                var run = m.Value;
                if (run.TrimStart('+').StartsWith('(') && !run.Contains(')', StringComparison.Ordinal))
                {
                    start += run.IndexOf('(', StringComparison.Ordinal) + 1;
                }

                if (run.EndsWith(')') && run.Count(c => c == '(') < run.Count(c => c == ')'))
                {
                    end--;
                }

                if (start > 0 && unclaimed[start - 1] == '+' && run[0] != '+')
                {
                    start--; // 300+852 9667 4782: the pattern does not start a number right after a digit
                }

                run = unclaimed[start..end];
                var digits = string.Concat(run.Where(char.IsAsciiDigit));
                if (digits.Length >= IdentifierDigits && !ThousandsGrouped().IsMatch(run))
                {
                    MaskIdentifier(unclaimed, start, end, digits, run);
                }
                else if (NumericDate().Match(run) is { Success: true, Index: 0 } date && date.Length == run.Length)
                {
                    // A date the date stage passed over because digits followed (another date, now claimed).
                    MaskNumericDate(date, start);
                }
            }

            unclaimed = Unclaimed;
            foreach (var m in ChineseNumeralRun().Matches(unclaimed).Cast<Match>())
            {
                var digits = string.Concat(m.Value.Select(FoldedText.DigitOf).Where(c => c != '\0'));
                MaskIdentifier(unclaimed, m.Index, m.Index + m.Length, digits, digits);
            }
        }

        public void Addresses()
        {
            foreach (var pattern in new[] { EnglishAddress(), EnglishAddressLowerCase(), PostBox(), ChineseAddress(), ChineseRoadNumber(), ChineseUnit() })
            {
                foreach (var m in pattern.Matches(Unclaimed).Cast<Match>())
                {
                    Mask(m.Index, m.Index + m.Length, PiiKind.Address);
                }
            }
        }

        public void Consumer(ConsumerStrings consumer)
        {
            // On the whole folded text, claimed or not: a consumer string inside a kept amount or date is still masked.
            foreach (var (start, end, kind) in consumer.Find(view.Text, includeNameParts: true))
            {
                masks.Add((start, end, kind));
            }
        }

        public ScrubResult Result()
        {
            // Map to the original text, then merge overlaps; a merged span takes the kind of its longest part.
            var spans = masks
                .Where(m => m.End > m.Start)
                .Select(m => (Start: view.OriginalStart(m.Start), End: view.OriginalEnd(m.End), m.Kind))
                .OrderBy(m => m.Start)
                .ThenByDescending(m => m.End)
                .ToList();
            var merged = new List<PiiSpan>();
            var longest = 0;
            foreach (var (start, end, kind) in spans)
            {
                if (merged.Count > 0 && start < merged[^1].Start + merged[^1].Length)
                {
                    var last = merged[^1];
                    var newEnd = Math.Max(last.Start + last.Length, end);
                    var takes = end - start > longest;
                    longest = Math.Max(longest, end - start);
                    merged[^1] = new PiiSpan(last.Start, newEnd - last.Start, takes ? kind : last.Kind);
                }
                else
                {
                    merged.Add(new PiiSpan(start, end - start, kind));
                    longest = end - start;
                }
            }

            var original = view.Original;
            var text = new StringBuilder(original.Length);
            var at = 0;
            foreach (var span in merged)
            {
                text.Append(original, at, span.Start - at).Append(TokenOf(span.Kind));
                at = span.Start + span.Length;
            }

            text.Append(original, at, original.Length - at);
            return new ScrubResult(text.ToString(), merged);
        }

        private void MaskIdentifier(string unclaimed, int start, int end, string digits, string run)
        {
            // The whole word it is part of: the X of an ID number, the letters of a passport or waybill number.
            var (from, to) = (start, end);
            while (from > 0 && unclaimed[start] != '+' && char.IsAsciiLetterOrDigit(unclaimed[from - 1]))
            {
                from--;
            }

            while (to < unclaimed.Length && char.IsAsciiLetterOrDigit(unclaimed[to]))
            {
                to++;
            }

            var kind = Classify(digits, run, unclaimed[from..start], unclaimed[end..to], LabelBefore(from));
            if (kind == PiiKind.Phone && Extension().Match(unclaimed, to) is { Success: true } extension)
            {
                to += extension.Length;
            }

            Mask(from, to, kind);
        }

        private PiiKind? LabelBefore(int index)
        {
            var window = view.Text[Math.Max(0, index - LabelWindow)..index].ToLowerInvariant();
            PiiKind? nearest = null;
            var nearestAt = -1;
            foreach (var (kind, labels) in Labels)
            {
                foreach (var label in labels)
                {
                    var at = window.LastIndexOf(label, StringComparison.Ordinal);
                    var isWord = at >= 0 && (!char.IsAsciiLetter(label[0])
                        || ((at == 0 || !char.IsAsciiLetter(window[at - 1])) && (label.Length > 3 || at + label.Length == window.Length || !char.IsAsciiLetter(window[at + label.Length]))));
                    if (isWord && at > nearestAt)
                    {
                        (nearest, nearestAt) = (kind, at);
                    }
                }
            }

            return nearest;
        }

        private void MaskNumericDate(Match m, int offset)
        {
            Claim(offset + m.Index, offset + m.Index + m.Length);
            if (m.Groups["d"].Success)
            {
                MaskGroup(m.Groups["d"], offset);
                return;
            }

            // Day and month in either order: mask the one that can only be a day, or both when either could be.
            var a = m.Groups["a"];
            var b = m.Groups["b"];
            var aIsDay = int.Parse(a.Value, CultureInfo.InvariantCulture) > 12;
            var bIsDay = int.Parse(b.Value, CultureInfo.InvariantCulture) > 12;
            if (aIsDay != bIsDay)
            {
                MaskGroup(aIsDay ? a : b, offset);
            }
            else
            {
                MaskGroup(a, offset);
                MaskGroup(b, offset);
            }
        }

        private void MaskValues(Regex pattern, PiiKind kind, Func<string, bool> accept)
        {
            foreach (var m in Accepted(pattern, Unclaimed, m => accept(m.Groups["v"].Value)))
            {
                MaskGroup(m.Groups["v"], kind: kind);
            }
        }

        private void MaskGroup(Group group, int offset = 0, PiiKind kind = PiiKind.Date) => Mask(offset + group.Index, offset + group.Index + group.Length, kind);

        private void Mask(int start, int end, PiiKind kind)
        {
            masks.Add((start, end, kind));
            Claim(start, end);
        }

        private void Claim(int start, int end) => Array.Fill(work, FoldedText.Barrier, start, end - start);
    }

    /// <summary>The matches of <paramref name="pattern"/> that <paramref name="accept"/> takes (see the overload).</summary>
    private static IEnumerable<Match> Accepted(Regex pattern, string text, Func<Match, bool> accept) =>
        Accepted(pattern, text, m => accept(m) ? m.Index + m.Length : null).Select(a => a.Match);

    /// <summary>
    /// The matches of <paramref name="pattern"/> that <paramref name="end"/> takes, each with where it ends (a match may
    /// be taken in part). The search goes on from there, or after a refused match from the next character: a refused
    /// "everyday at xiao.jun8061" must not hide the "xiao.jun8061 (at) 163.com" that overlaps it.
    /// </summary>
    private static IEnumerable<(Match Match, int End)> Accepted(Regex pattern, string text, Func<Match, int?> end)
    {
        var m = pattern.Match(text);
        while (m.Success)
        {
            if (end(m) is { } taken)
            {
                yield return (m, taken);
                m = pattern.Match(text, Math.Max(m.Index + 1, taken));
            }
            else
            {
                m = pattern.Match(text, m.Index + 1);
            }
        }
    }

    /// <summary>Where a spelled-out address ends (after its last top-level domain), or <c>null</c> when it is none.</summary>
    private static int? SpelledEmailEnd(Match m)
    {
        var labels = m.Groups["label"].Captures;
        var last = Enumerable.Range(0, labels.Count).LastOrDefault(i => TopLevelDomains.Contains(labels[i].Value), -1);
        if (last < 0)
        {
            return null;
        }

        // "was at Amazon.com" is not an address; "xiaoyu.chen at example.com" and "wang at qq dot com" are.
        var plainAt = m.Groups["at"].Value.Equals("at", StringComparison.OrdinalIgnoreCase);
        var userName = m.Groups["local"].Value.Any(c => c is '.' or '_' or '+' || char.IsAsciiDigit(c));
        var spelledDot = m.Groups["dot"].Captures.Take(last + 1).Any(c => c.Value != ".");
        return !plainAt || userName || spelledDot ? labels[last].Index + labels[last].Length : null;
    }

    private static bool IsYearRange(Match m)
    {
        var from = int.Parse(m.Groups["a"].Value, CultureInfo.InvariantCulture);
        var to = int.Parse(m.Groups["b"].Value, CultureInfo.InvariantCulture);
        return to > from && to - from <= 10;
    }

    /// <summary>What a masked number most likely is, from a label just before it, else from its shape.</summary>
    private static PiiKind Classify(string digits, string run, string lettersBefore, string lettersAfter, PiiKind? label)
    {
        if (label is { } labelled)
        {
            return labelled;
        }

        if (lettersBefore.Length is 1 or 2 && digits.Length is 7 or 8 && "EGDSPHCMK".Contains(char.ToUpperInvariant(lettersBefore[0]), StringComparison.Ordinal))
        {
            return PiiKind.Passport;
        }

        if (IsResidentId(digits, lettersAfter) || IsSocialSecurityNumber(run))
        {
            return PiiKind.IdNumber;
        }

        return run.StartsWith('+') || IsPhoneShaped(digits, run) ? PiiKind.Phone : PiiKind.AccountNumber;
    }

    private static bool IsResidentId(string digits, string lettersAfter)
    {
        var withCheck = digits.Length == 17 && lettersAfter.StartsWith("x", StringComparison.OrdinalIgnoreCase);
        return (digits.Length == 18 || withCheck) ? IsDate(digits[6..10], digits[10..12], digits[12..14])
            : digits.Length == 15 && IsDate("19" + digits[6..8], digits[8..10], digits[10..12]);
    }

    private static bool IsDate(string year, string month, string day) =>
        int.TryParse(year, CultureInfo.InvariantCulture, out var y) && int.TryParse(month, CultureInfo.InvariantCulture, out var m) && int.TryParse(day, CultureInfo.InvariantCulture, out var d)
        && y is >= 1900 and <= 2099 && m is >= 1 and <= 12 && d is >= 1 and <= 31;

    private static bool IsSocialSecurityNumber(string run) =>
        run.Length == 11 && run[3] == '-' && run[6] == '-' && run.Count(char.IsAsciiDigit) == 9;

    private static bool IsPhoneShaped(string digits, string run)
    {
        var groups = run.Split([' ', '-', '.', '/', '(', ')', ','], StringSplitOptions.RemoveEmptyEntries).Select(g => g.Length).ToArray();
        var mobile = digits.Length is 11 or 13 or 15 && digits[^11] == '1' && digits[^10] is >= '3' and <= '9'
            && (digits.Length == 11 || digits.StartsWith("86", StringComparison.Ordinal) || digits.StartsWith("0086", StringComparison.Ordinal));
        var northAmerican = groups is [3, 3, 4] or [1, 3, 3, 4] && digits[^10] is >= '2' and <= '9';
        var landline = digits[0] == '0' && digits.Length is >= 10 and <= 12 && (run.Contains('(', StringComparison.Ordinal) || groups is [3 or 4, ..] and { Length: >= 2 });
        var local = digits.Length is 7 or 8 && groups is [3 or 4, 4];
        return mobile || northAmerican || landline || local;
    }
}

using System.Text;
using System.Text.RegularExpressions;

namespace Complaints.Core.Disclosure;

/// <summary>The contact details a consumer gave when filing. Never logged, never queued, never published.</summary>
public sealed record ConsumerContact(string Name, string? Phone, string? Email);

/// <summary>
/// Removes personal data from free text before it may be published: phone numbers (Chinese mobile and landline,
/// international), e-mail addresses, 18-digit national ID numbers, bank card numbers (Luhn-checked), street
/// addresses where recognisable, and every string the consumer gave as name, phone or e-mail.
/// </summary>
public static partial class PiiScrubber
{
    public const string EmailToken = "[email]";
    public const string PhoneToken = "[phone]";
    public const string IdToken = "[id-number]";
    public const string CardToken = "[card-number]";
    public const string AddressToken = "[address]";
    public const string NameToken = "[name]";

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex Email();

    // 18-digit resident ID: 17 digits and a digit or X check character.
    [GeneratedRegex(@"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex NationalId();

    // Runs of 13-19 digits, optionally grouped by spaces or dashes: candidates for a Luhn check.
    [GeneratedRegex(@"(?<![0-9])[0-9](?:[ \-]?[0-9]){12,18}(?![0-9])", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex CardCandidate();

    // Chinese mobile numbers, with an optional +86 / 0086 prefix and optional separators.
    [GeneratedRegex(@"(?<![0-9])(?:(?:\+|00)86[ \-]?)?1[3-9][0-9](?:[ \-]?[0-9]){8}(?![0-9])", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex ChineseMobile();

    // Chinese landlines: area code 0xx or 0xxx, then 7-8 digits, optional extension. The local number may start
    // with any non-zero digit: consumers write (and tests use) numbers such as 010-12345678.
    [GeneratedRegex(@"(?<![0-9])(?:\(?0[1-9][0-9]{1,2}\)?[ \-]?)[1-9][0-9]{2,3}[ \-]?[0-9]{4}(?:[ \-]?(?:ext|转)\.?[ ]?[0-9]{1,5})?(?![0-9])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, 2000)]
    private static partial Regex ChineseLandline();

    // International (+country code) and North American formats.
    [GeneratedRegex(@"(?:\+[1-9][0-9]{0,2}[ \-.]?)(?:\(?[0-9]{1,4}\)?[ \-.]?){2,5}[0-9]{2,4}|(?<![0-9])\(?[2-9][0-9]{2}\)?[ \-.][0-9]{3}[ \-.][0-9]{4}(?![0-9])", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex InternationalPhone();

    // Chinese addresses: text ending in a road/street/lane with a number, building, unit or room. Estate names
    // often mix in Latin letters (SOHO现代城5号楼), so the building part allows them.
    [GeneratedRegex(@"[\p{IsCJKUnifiedIdeographs}0-9]{0,20}(?:路|街|道|巷|弄|胡同|大道)[0-9一二三四五六七八九十百]+(?:号|號)(?:[\p{IsCJKUnifiedIdeographs}A-Za-z0-9\-]{0,12}(?:栋|幢|楼|单元|室|层))*", RegexOptions.CultureInvariant, 2000)]
    private static partial Regex ChineseAddress();

    // English street addresses: a house number (with an optional letter, as in 221B), up to four words, then a street type.
    [GeneratedRegex(@"\b[0-9]{1,6}[A-Za-z]?(?:[ ]+[A-Za-z0-9'\.]+){1,4}[ ]+(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Highway|Hwy)\b\.?(?:[ ,]+(?:Apt|Suite|Unit|#)[ .]*[A-Za-z0-9\-]+)?", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, 2000)]
    private static partial Regex EnglishAddress();

    /// <summary>Scrubs <paramref name="text"/>; the consumer's own strings are removed wherever they appear, in any case.</summary>
    public static string Scrub(string text, ConsumerContact? consumer)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = Email().Replace(text, EmailToken);
        result = NationalId().Replace(result, IdToken);
        result = CardCandidate().Replace(result, m => PassesLuhn(m.Value) ? CardToken : m.Value);
        result = ChineseMobile().Replace(result, PhoneToken);
        result = InternationalPhone().Replace(result, PhoneToken);
        result = ChineseLandline().Replace(result, PhoneToken);
        result = ChineseAddress().Replace(result, AddressToken);
        result = EnglishAddress().Replace(result, AddressToken);
        if (consumer is not null)
        {
            foreach (var (value, token) in KnownStrings(consumer))
            {
                result = RemoveEverywhere(result, value, token);
            }
        }

        return result;
    }

    /// <summary>True when none of the consumer's strings (nor the digits of their phone) survive in <paramref name="text"/>.</summary>
    public static bool IsFreeOf(string text, ConsumerContact consumer)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(consumer);
        return KnownStrings(consumer).All(k => !text.Contains(k.Value, StringComparison.OrdinalIgnoreCase));
    }

    private static IEnumerable<(string Value, string Token)> KnownStrings(ConsumerContact consumer)
    {
        if (!string.IsNullOrWhiteSpace(consumer.Email))
        {
            yield return (consumer.Email.Trim(), EmailToken);
        }

        if (!string.IsNullOrWhiteSpace(consumer.Phone))
        {
            yield return (consumer.Phone.Trim(), PhoneToken);
            var digits = DigitsOf(consumer.Phone);
            if (digits.Length >= 5 && digits != consumer.Phone.Trim())
            {
                yield return (digits, PhoneToken);
            }
        }

        if (!string.IsNullOrWhiteSpace(consumer.Name))
        {
            yield return (consumer.Name.Trim(), NameToken);
        }
    }

    private static string RemoveEverywhere(string text, string value, string token)
    {
        // Replacing can join fragments into a new occurrence ("JoJohnhn"), so repeat until none is left;
        // each pass shortens the number of occurrences, and the loop is bounded by the text length.
        for (var i = 0; i < text.Length && text.Contains(value, StringComparison.OrdinalIgnoreCase); i++)
        {
            text = text.Replace(value, token, StringComparison.OrdinalIgnoreCase);
            if (token.Contains(value, StringComparison.OrdinalIgnoreCase))
            {
                text = text.Replace(value, string.Empty, StringComparison.OrdinalIgnoreCase);
            }
        }

        return text;
    }

    private static string DigitsOf(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var ch in value.Where(char.IsAsciiDigit))
        {
            builder.Append(ch);
        }

        return builder.ToString();
    }

    internal static bool PassesLuhn(string candidate)
    {
        var digits = DigitsOf(candidate);
        if (digits.Length is < 13 or > 19)
        {
            return false;
        }

        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }
}

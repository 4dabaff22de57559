using System.Globalization;
using System.Text;

namespace Complaints.Core.Disclosure;

/// <summary>
/// Text as the PII patterns see it, with a map back to the text as written. Each character (or surrogate pair) is
/// folded on its own by Unicode compatibility decomposition (NFKD: full-width <c>１３８</c> and <c>＠</c>, circled
/// and mathematical digits, no-break and ideographic spaces become their plain forms), then
/// <list type="bullet">
/// <item>every decimal digit of any script becomes its ASCII digit;</item>
/// <item>every dash (<c>－ ‐ ‑ – — −</c>) becomes <c>-</c> and every space separator a plain space;</item>
/// <item>combining marks and format characters (accents, zero-width spaces, soft hyphens, variation selectors) are
/// dropped, so <c>José</c> and <c>Jose</c> fold alike and a zero-width space cannot break a number.</item>
/// </list>
/// Folding one character at a time keeps the map exact: every folded character knows the original characters it
/// came from, so a match found in the folded text masks exactly the original characters that make it up.
/// </summary>
internal sealed class FoldedText
{
    /// <summary>Stands for text already masked: no pattern matches it, and the consumer-string matcher never skips it.</summary>
    public const char Barrier = '\uFFFC';

    private readonly int[] starts;
    private readonly int[] ends;

    private FoldedText(string original, string text, int[] starts, int[] ends)
    {
        Original = original;
        Text = text;
        this.starts = starts;
        this.ends = ends;
    }

    /// <summary>The text as written.</summary>
    public string Original { get; }

    /// <summary>The folded text.</summary>
    public string Text { get; }

    /// <summary>Where folded character <paramref name="index"/> starts in <see cref="Original"/>.</summary>
    public int OriginalStart(int index) => index < starts.Length ? starts[index] : Original.Length;

    /// <summary>Where the folded span ending (exclusively) at <paramref name="end"/> ends in <see cref="Original"/>.</summary>
    public int OriginalEnd(int end) => end <= 0 ? 0 : ends[end - 1];

    public static FoldedText Of(string original)
    {
        ArgumentNullException.ThrowIfNull(original);
        var text = new StringBuilder(original.Length);
        var starts = new List<int>(original.Length);
        var ends = new List<int>(original.Length);
        for (var i = 0; i < original.Length;)
        {
            var length = char.IsHighSurrogate(original[i]) && i + 1 < original.Length && char.IsLowSurrogate(original[i + 1]) ? 2 : 1;
            var before = text.Length;
            Append(text, original, i, length);
            for (var k = before; k < text.Length; k++)
            {
                starts.Add(i);
                ends.Add(i + length);
            }

            i += length;
        }

        return new FoldedText(original, text.ToString(), [.. starts], [.. ends]);
    }

    /// <summary>The folded form of a short value (a phone number or e-mail address as typed).</summary>
    public static string Fold(string value) => Of(value).Text;

    /// <summary>The ASCII digit that <paramref name="c"/> (a folded character) stands for, Chinese numerals included; otherwise <c>'\0'</c>.</summary>
    public static char DigitOf(char c) => c switch
    {
        >= '0' and <= '9' => c,
        '〇' or '零' => '0',
        '一' or '壹' or '幺' => '1',
        '二' or '贰' => '2',
        '三' or '叁' => '3',
        '四' or '肆' => '4',
        '五' or '伍' => '5',
        '六' or '陆' => '6',
        '七' or '柒' => '7',
        '八' or '捌' => '8',
        '九' or '玖' => '9',
        _ => '\0',
    };

    private static void Append(StringBuilder text, string source, int index, int length)
    {
        var c = source[index];
        if (length == 1 && (c < '\u0080' || IsStableIdeograph(c)))
        {
            text.Append(c);
            return;
        }

        if (length == 1 && char.IsSurrogate(c))
        {
            // A lone surrogate cannot be normalized; it is nothing a pattern looks for.
            text.Append(c);
            return;
        }

        var decomposed = source.Substring(index, length).Normalize(NormalizationForm.FormKD);
        for (var k = 0; k < decomposed.Length;)
        {
            var width = char.IsHighSurrogate(decomposed[k]) && k + 1 < decomposed.Length ? 2 : 1;
            switch (CharUnicodeInfo.GetUnicodeCategory(decomposed, k))
            {
                case UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format:
                    break;
                case UnicodeCategory.DecimalDigitNumber:
                    text.Append((char)('0' + (int)CharUnicodeInfo.GetNumericValue(decomposed, k)));
                    break;
                case UnicodeCategory.DashPunctuation:
                    text.Append('-');
                    break;
                case UnicodeCategory.SpaceSeparator:
                    text.Append(' ');
                    break;
                default:
                    if (decomposed[k] == '\u2212')
                    {
                        text.Append('-');
                    }
                    else
                    {
                        text.Append(decomposed, k, width);
                    }

                    break;
            }

            k += width;
        }
    }

    // CJK unified ideographs have no decomposition; Hangul syllables are kept composed (no pattern wants their jamo).
    private static bool IsStableIdeograph(char c) => c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF') or (>= '\uAC00' and <= '\uD7A3');
}

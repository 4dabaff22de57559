using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Complaints.Core.Disclosure;

namespace Complaints.Core;

/// <summary>
/// Contact details as people type them, checked and normalized before they are stored. Both are folded first
/// (full-width <c>１３８</c>, <c>＠</c> and <c>（</c>, no-break and ideographic spaces, any dash), so what is stored is
/// plain ASCII punctuation and digits, grouped the way the consumer grouped it.
/// </summary>
public static class ContactDetails
{
    /// <summary>The fewest digits a phone number has (short service numbers such as 12315).</summary>
    public const int MinPhoneDigits = 5;

    /// <summary>The most digits a phone number has after an international prefix (E.164).</summary>
    public const int MaxPhoneDigits = 15;

    /// <summary>
    /// A phone number: an optional <c>+</c> (or <c>(+86)</c>), then groups of digits, each group optionally in brackets, separated by
    /// one space, dash, dot or slash (<c>(021) 6888-1234</c>, <c>+44 (0)20 7946 0958</c>, <c>138.1234.5678</c>).
    /// Normalized: folded to ASCII, runs of spaces made one, spaces inside brackets and around a dash, dot or slash
    /// dropped (<c>138 - 1234 - 5678</c> is stored as <c>138-1234-5678</c>).
    /// </summary>
    public static bool TryNormalizePhone(string? value, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var folded = Tidy(FoldedText.Fold(value));
        var digits = 0;
        var inBrackets = false;
        var previous = '\0';
        for (var i = 0; i < folded.Length; i++)
        {
            var c = folded[i];
            var ok = c switch
            {
                '+' => i == 0 || (i == 1 && previous == '('),
                >= '0' and <= '9' => true,
                '(' => !inBrackets && (previous is '\0' or '+' or ' ' or '-' or '.' or '/' || char.IsAsciiDigit(previous)),
                ')' => inBrackets && char.IsAsciiDigit(previous),
                ' ' or '-' or '.' or '/' => char.IsAsciiDigit(previous) || previous == ')',
                _ => false,
            };
            if (!ok)
            {
                return false;
            }

            digits += char.IsAsciiDigit(c) ? 1 : 0;
            inBrackets = c == '(' || (inBrackets && c != ')');
            previous = c;
        }

        var international = folded.StartsWith("00", StringComparison.Ordinal) ? 2 : 0;
        if (inBrackets || previous is not (>= '0' and <= '9' or ')') || digits - international is < MinPhoneDigits or > MaxPhoneDigits)
        {
            return false;
        }

        normalized = folded;
        return true;
    }

    /// <summary>
    /// An e-mail address: a local part of 1 to 64 characters, <c>@</c>, a domain with a dot; no spaces.
    /// Normalized: NFKC (full-width letters and <c>＠</c> become ASCII, accents stay: an address may be
    /// internationalized), the domain in lower case (domains ignore case).
    /// </summary>
    public static bool TryNormalizeEmail(string? value, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var folded = value.Trim().Normalize(NormalizationForm.FormKC);
        if (folded.Any(c => char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format))
        {
            return false;
        }

        var at = folded.IndexOf('@', StringComparison.Ordinal);
        if (at is < 1 or > 64 || at != folded.LastIndexOf('@'))
        {
            return false;
        }

        var domain = folded[(at + 1)..];
        var dot = domain.IndexOf('.', StringComparison.Ordinal);
        if (dot < 1 || domain.EndsWith('.') || domain.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        normalized = folded[..(at + 1)] + domain.ToLowerInvariant();
        return true;
    }

    private static string Tidy(string phone)
    {
        var builder = new StringBuilder(phone.Length);
        foreach (var c in phone.Trim())
        {
            var last = builder.Length > 0 ? builder[^1] : '\0';
            if (c == ' ' && last is ' ' or '(' or '-' or '.' or '/')
            {
                continue;
            }

            if (c is ')' or '-' or '.' or '/' && last == ' ')
            {
                builder.Length--;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}

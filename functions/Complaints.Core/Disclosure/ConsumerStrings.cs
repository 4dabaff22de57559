using System.Text;

namespace Complaints.Core.Disclosure;

/// <summary>
/// The consumer's own name, e-mail and phone, found in folded text however they are grouped: a match may have up to
/// <see cref="MaxGap"/> separators (spaces, dots, dashes, brackets, any punctuation) between any two of its letters or
/// digits, in any case and width, so <c>Chen  Xiaoyu</c>, <c>CHEN·XIAOYU</c>, <c>Ｃｈｅｎ Ｘｉａｏｙｕ</c> and
/// <c>Xiaoyu Chen</c> all match the name <c>Chen Xiaoyu</c>, and <c>(139) 1234_5678</c> matches the phone
/// <c>+86 139 1234 5678</c>. Masked text (<see cref="FoldedText.Barrier"/>) is never skipped.
/// </summary>
internal sealed class ConsumerStrings
{
    /// <summary>At most this many separators between two letters or digits of one match.</summary>
    public const int MaxGap = 3;

    private const int Blocked = int.MaxValue / 2;

    private readonly List<(string Needle, PiiKind Kind)> letterNeedles = [];
    private readonly List<string> phoneNeedles = [];
    private readonly List<string> nameParts = [];

    private ConsumerStrings()
    {
    }

    public static ConsumerStrings Of(ConsumerContact consumer)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        var strings = new ConsumerStrings();
        strings.AddName(consumer.Name);
        strings.AddEmail(consumer.Email);
        strings.AddPhone(consumer.Phone);
        return strings;
    }

    /// <summary>Where the consumer's strings stand in <paramref name="folded"/>, as folded spans.</summary>
    /// <param name="folded">Folded text (<see cref="FoldedText.Text"/>).</param>
    /// <param name="includeNameParts">Also each part of the name on its own, written as a proper noun (scrubbing, not the final check).</param>
    public IEnumerable<(int Start, int End, PiiKind Kind)> Find(string folded, bool includeNameParts)
    {
        ArgumentNullException.ThrowIfNull(folded);
        if (letterNeedles.Count > 0)
        {
            var letters = Projection.Of(folded, digitsOnly: false);
            foreach (var (needle, kind) in letterNeedles)
            {
                foreach (var (start, end) in letters.Find(needle))
                {
                    yield return (start, end, kind);
                }
            }
        }

        if (phoneNeedles.Count > 0)
        {
            var digits = Projection.Of(folded, digitsOnly: true);
            foreach (var needle in phoneNeedles)
            {
                foreach (var (start, end) in digits.Find(needle))
                {
                    yield return (start, end, PiiKind.Phone);
                }
            }
        }

        if (includeNameParts)
        {
            foreach (var part in nameParts)
            {
                foreach (var (start, end) in ProperNounOccurrences(folded, part))
                {
                    yield return (start, end, PiiKind.Name);
                }
            }
        }
    }

    private void AddName(string? name)
    {
        var folded = LettersAndDigits(name);
        if (folded.Length < 2)
        {
            return;
        }

        letterNeedles.Add((folded, PiiKind.Name));
        var parts = FoldedText.Fold(name!).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(p => p.Split(['-', '·', '.', ',', '_', '\''], StringSplitOptions.RemoveEmptyEntries))
            .Select(LettersAndDigits)
            .Where(p => p.Length > 0)
            .ToList();
        if (parts.Count >= 2)
        {
            // Family name first or last: both orders.
            letterNeedles.Add((string.Concat(Enumerable.Reverse(parts)), PiiKind.Name));
            nameParts.AddRange(parts.Where(p => p.Length >= 3 && p.All(char.IsAsciiLetter)));
        }

        if (parts.Count == 1 && folded.Length >= 3 && folded.All(IsIdeograph))
        {
            // A Chinese name of three or more characters: the given name on its own (小明 of 王小明).
            letterNeedles.Add((folded[1..], PiiKind.Name));
        }
    }

    private void AddEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return;
        }

        var folded = FoldedText.Fold(email.Trim());
        letterNeedles.Add((LettersAndDigits(folded), PiiKind.Email));
        var at = folded.IndexOf('@', StringComparison.Ordinal);
        if (at > 0)
        {
            // The local part alone: "xiaoyu.chen at example dot com", "xiaoyu.chen (at) example", a handle on its own.
            var local = LettersAndDigits(folded[..at]);
            if (local.Length >= 5 || (local.Length >= 4 && local.Any(char.IsAsciiDigit)))
            {
                letterNeedles.Add((local, PiiKind.Email));
            }
        }
    }

    private void AddPhone(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone))
        {
            return;
        }

        var folded = FoldedText.Fold(phone.Trim());
        var digits = string.Concat(folded.Where(char.IsAsciiDigit));
        if (digits.Length < 7)
        {
            if (digits.Length >= 5)
            {
                phoneNeedles.Add(digits);
            }

            return;
        }

        var needles = new HashSet<string>(StringComparer.Ordinal) { digits };
        var international = folded.TrimStart().StartsWith('+') ? digits : digits.StartsWith("00", StringComparison.Ordinal) ? digits[2..] : null;
        if (international is not null)
        {
            // Without the country code (one to three digits) and without a trunk 0: +86 21 6888 1234 is written 021 6888 1234.
            for (var code = 1; code <= 3; code++)
            {
                AddNational(needles, international[code..]);
            }
        }
        else
        {
            AddNational(needles, digits);

            // The local number without its area code: (021) 6888-1234 is also written 6888 1234.
            var groups = folded.Split([' ', '-', '.', '/', '(', ')'], StringSplitOptions.RemoveEmptyEntries);
            if (groups.Length >= 2)
            {
                AddNational(needles, string.Concat(groups.Skip(1).SelectMany(g => g.Where(char.IsAsciiDigit))));
            }
        }

        phoneNeedles.AddRange(needles);
    }

    private static void AddNational(HashSet<string> needles, string national)
    {
        if (national.Length >= 7)
        {
            needles.Add(national);
        }

        if (national.StartsWith('0') && national.Length >= 8)
        {
            needles.Add(national[1..]);
        }
    }

    private static IEnumerable<(int Start, int End)> ProperNounOccurrences(string folded, string part)
    {
        for (var i = folded.IndexOf(part, StringComparison.OrdinalIgnoreCase); i >= 0; i = folded.IndexOf(part, i + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = i + part.Length;
            if (char.IsUpper(folded[i]) && (i == 0 || !char.IsLetter(folded[i - 1])) && (end == folded.Length || !char.IsLetter(folded[end])))
            {
                yield return (i, end);
            }
        }
    }

    private static string LettersAndDigits(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(value.Length);
        foreach (var ch in FoldedText.Fold(value))
        {
            if (char.IsLetterOrDigit(ch))
            {
                builder.Append(char.ToLowerInvariant(ch));
            }
        }

        return builder.ToString();
    }

    private static bool IsIdeograph(char c) => c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF');

    /// <summary>
    /// The letters and digits of folded text (lower-cased), or only its digits (Chinese numerals read as digits), with
    /// how many separators stand before each; masked text and, for digits, letters count as a wall.
    /// </summary>
    private sealed class Projection
    {
        private readonly string chars;
        private readonly int[] positions;
        private readonly int[] gaps;

        private Projection(string chars, int[] positions, int[] gaps)
        {
            this.chars = chars;
            this.positions = positions;
            this.gaps = gaps;
        }

        public static Projection Of(string folded, bool digitsOnly)
        {
            var chars = new StringBuilder(folded.Length);
            var positions = new List<int>(folded.Length);
            var gaps = new List<int>(folded.Length);
            var gap = 0;
            for (var i = 0; i < folded.Length; i++)
            {
                var c = folded[i];
                var kept = digitsOnly ? FoldedText.DigitOf(c) : char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '\0';
                if (kept != '\0')
                {
                    chars.Append(kept);
                    positions.Add(i);
                    gaps.Add(gap);
                    gap = 0;
                }
                else if (c == FoldedText.Barrier || (digitsOnly && char.IsLetter(c)))
                {
                    gap = Blocked;
                }
                else if (gap < Blocked)
                {
                    gap++;
                }
            }

            return new Projection(chars.ToString(), [.. positions], [.. gaps]);
        }

        public IEnumerable<(int Start, int End)> Find(string needle)
        {
            for (var i = chars.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = chars.IndexOf(needle, i + 1, StringComparison.Ordinal))
            {
                var joined = true;
                for (var k = i + 1; k < i + needle.Length && joined; k++)
                {
                    joined = gaps[k] <= MaxGap;
                }

                if (joined)
                {
                    yield return (positions[i], positions[i + needle.Length - 1] + 1);
                }
            }
        }
    }
}

using System.Globalization;
using System.Text;
using Complaints.Core;

namespace Complaints.Pipeline.Api;

/// <summary>
/// What an uploaded file is, read from its first bytes (magic numbers), never from its name or the request's
/// Content-Type; and the name it is stored under, sanitized.
/// </summary>
public static class AttachmentFiles
{
    /// <summary>Bytes <see cref="Sniff"/> needs to tell every accepted type apart.</summary>
    public const int SniffBytes = 16;

    /// <summary>The accepted media types, with the file extensions that belong to each (the first is the canonical one).</summary>
    public static IReadOnlyDictionary<string, string[]> Types { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["image/png"] = [".png"],
        ["image/jpeg"] = [".jpg", ".jpeg", ".jpe"],
        ["image/webp"] = [".webp"],
        ["image/gif"] = [".gif"],
        ["application/pdf"] = [".pdf"],
    };

    /// <summary>The media type the content's signature says, or <c>null</c> when it is none of <see cref="Types"/>.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return "image/gif";
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        return head.StartsWith("%PDF-"u8) ? "application/pdf" : null;
    }

    /// <summary>The most characters of a stored name.</summary>
    public const int MaxNameLength = 100;

    private static readonly HashSet<string> ReservedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>
    /// The name to store and to offer on download: the last segment of any path, NFC, without control, format
    /// (bidirectional overrides, zero-width) or separator characters, with the characters Windows forbids in names
    /// replaced by <c>_</c>, runs of white space as one space, no leading or trailing dots or spaces, no reserved
    /// device name, at most <see cref="MaxNameLength"/> characters, and ending in an extension of
    /// <paramref name="mediaType"/> (appended when it does not: <c>invoice.exe</c> becomes <c>invoice.exe.pdf</c>).
    /// <c>null</c> when nothing of the name is left.
    /// </summary>
    public static string? SanitizeName(string? name, string mediaType)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var last = name.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty;
        var builder = new StringBuilder(last.Length);
        var space = false;
        foreach (var rune in last.Normalize(NormalizationForm.FormC).EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsWhiteSpace(rune))
            {
                space = builder.Length > 0;
                continue;
            }

            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned)
            {
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(rune.Value is '<' or '>' or ':' or '"' or '|' or '?' or '*' ? "_" : rune.ToString());
        }

        var clean = builder.ToString().Trim(' ', '.');
        if (clean.Length == 0)
        {
            return null;
        }

        var stem = clean.Split('.')[0];
        if (ReservedNames.Contains(stem.TrimEnd()))
        {
            clean = "_" + clean;
        }

        var extensions = Types[mediaType];
        var extension = Path.GetExtension(clean);
        if (!extensions.Contains(extension, StringComparer.OrdinalIgnoreCase))
        {
            extension = extensions[0];
            clean += extension;
        }

        if (clean.Length > MaxNameLength)
        {
            // Keep the extension; cut the stem on a character boundary.
            var keep = MaxNameLength - extension.Length;
            var stemPart = clean[..^extension.Length];
            var cut = new StringInfo(stemPart);
            var take = 0;
            var length = 0;
            while (take < cut.LengthInTextElements && length + cut.SubstringByTextElements(take, 1).Length <= keep)
            {
                length += cut.SubstringByTextElements(take, 1).Length;
                take++;
            }

            clean = stemPart[..length].TrimEnd(' ', '.') + extension;
        }

        return clean.Length <= ComplaintDecider.MaxFileNameLength ? clean : null;
    }
}

using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Complaints.Core;
using Microsoft.AspNetCore.Http;

namespace Complaints.Pipeline.Api;

/// <summary>
/// Reads a JSON request body within a size cap. Every failure becomes an RFC 9457 problem: 413 too large,
/// 415 not JSON, 400 malformed. Reading the body by hand (instead of binding) lets every host give the same,
/// field-named answers.
/// </summary>
internal static class RequestBody
{
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 16, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    public static async Task<(JsonElement? Body, IResult? Problem)> ReadAsync(HttpRequest request, int maxBytes, bool required, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, Problems.TooLarge(maxBytes));
        }

        var buffer = new ArrayBufferWriter<byte>();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.WrittenCount + read > maxBytes)
                {
                    return (null, Problems.TooLarge(maxBytes));
                }

                buffer.Write(chunk.AsSpan(0, read));
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.TooLarge(maxBytes));
        }

        if (buffer.WrittenCount == 0)
        {
            return required ? (null, Problems.Invalid("body", "A JSON body is required.")) : (null, null);
        }

        var contentType = request.ContentType;
        if (contentType is null || !(contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase)))
        {
            return (null, Problems.UnsupportedMediaType());
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.WrittenMemory, ParseOptions);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, Problems.Invalid("body", "The body must be a JSON object."));
            }

            // The parser does not check that strings decode (invalid UTF-8, a lone surrogate escape); reading one later
            // throws InvalidOperationException, a 500. Decode every name and string value once, here.
            if (!AllTextDecodes(document.RootElement))
            {
                return (null, Problems.Invalid("body", "The body holds text that is not valid UTF-8 or Unicode."));
            }

            return (document.RootElement.Clone(), null);
        }
        catch (JsonException e)
        {
            return (null, Problems.Invalid("body", $"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})."));
        }
    }

    private static bool AllTextDecodes(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        _ = property.Name;
                        if (!AllTextDecodes(property.Value))
                        {
                            return false;
                        }
                    }

                    return true;
                case JsonValueKind.Array:
                    return element.EnumerateArray().All(AllTextDecodes);
                case JsonValueKind.String:
                    _ = element.GetString();
                    return true;
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}

/// <summary>Reads typed fields from a JSON object, collecting a message per offending field.</summary>
internal sealed class FieldReader(JsonElement? body, string prefix = "")
{
    private readonly JsonElement? _body = body;

    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public bool IsValid => Errors.Count == 0;

    public void Fail(string field, string message) => Errors.TryAdd(prefix + field, [message]);

    public FieldReader Nested(string name, bool required)
    {
        var element = Get(name);
        if (element is null)
        {
            if (required)
            {
                Fail(name, "is required.");
            }

            return new FieldReader(null, prefix + name + ".") { };
        }

        if (element.Value.ValueKind != JsonValueKind.Object)
        {
            Fail(name, "must be an object.");
            return new FieldReader(null, prefix + name + ".");
        }

        return new FieldReader(element, prefix + name + ".");
    }

    public void Absorb(FieldReader nested)
    {
        foreach (var (key, value) in nested.Errors)
        {
            Errors.TryAdd(key, value);
        }
    }

    public string? String(string name, bool required, int maxLength, bool multiline = false)
    {
        var element = Get(name);
        if (element is null)
        {
            if (required)
            {
                Fail(name, "is required.");
            }

            return null;
        }

        if (element.Value.ValueKind != JsonValueKind.String)
        {
            Fail(name, "must be a string.");
            return null;
        }

        var value = element.Value.GetString()!.Trim();
        if (required && value.Length == 0)
        {
            Fail(name, "must not be empty.");
            return null;
        }

        if (value.Length > maxLength)
        {
            Fail(name, $"must be at most {maxLength} characters.");
            return null;
        }

        if (TextRules.FindForbidden(value, multiline) is { } problem)
        {
            Fail(name, problem);
            return null;
        }

        return value.Length == 0 ? null : value;
    }

    public bool? Bool(string name, bool required)
    {
        var element = Get(name);
        switch (element?.ValueKind)
        {
            case null:
                if (required)
                {
                    Fail(name, "is required.");
                }

                return null;
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                Fail(name, "must be true or false.");
                return null;
        }
    }

    public int? Int(string name, bool required, int min, int max)
    {
        var element = Get(name);
        if (element is null)
        {
            if (required)
            {
                Fail(name, "is required.");
            }

            return null;
        }

        if (element.Value.ValueKind != JsonValueKind.Number || !element.Value.TryGetInt32(out var value) || value < min || value > max)
        {
            Fail(name, $"must be a whole number from {min} to {max}.");
            return null;
        }

        return value;
    }

    public TEnum? Enum<TEnum>(string name, bool required) where TEnum : struct, Enum
    {
        var text = String(name, required, 64);
        if (text is null)
        {
            return null;
        }

        if (ApiNames.TryParse<TEnum>(text, out var value))
        {
            return value;
        }

        Fail(name, $"must be one of: {string.Join(", ", ApiNames.All<TEnum>())}.");
        return null;
    }

    public Money? Money(string name, bool required)
    {
        var nested = Nested(name, required);
        if (nested._body is null)
        {
            Absorb(nested);
            return null;
        }

        var amountElement = nested.Get("amount");
        var currency = nested.String("currency", required: true, 3);
        Absorb(nested);
        if (amountElement is not { ValueKind: JsonValueKind.Number } a || !a.TryGetDecimal(out var amount))
        {
            Fail(name + ".amount", "must be a number.");
            return null;
        }

        if (currency is null)
        {
            return null;
        }

        if (!Core.Money.TryCreate(amount, currency.ToUpperInvariant(), out var money, out var error))
        {
            Fail(name + (error!.StartsWith("currency", StringComparison.Ordinal) ? ".currency" : ".amount"), error + ".");
            return null;
        }

        return money;
    }

    public DateOnly? Date(string name)
    {
        var text = String(name, required: false, 10);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Fail(name, "must be a date as yyyy-MM-dd.");
        return null;
    }

    private JsonElement? Get(string name) =>
        _body is { } body && body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
}

/// <summary>What text the API refuses: control characters and bidirectional overrides (Trojan Source).</summary>
internal static class TextRules
{
    public static string? FindForbidden(string value, bool multiline)
    {
        foreach (var ch in value)
        {
            if (ch is '\n' or '\r' or '\t' && multiline)
            {
                continue;
            }

            if (char.IsControl(ch))
            {
                return "must not contain control characters.";
            }

            if (ch is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C')
            {
                return "must not contain bidirectional control characters.";
            }
        }

        return null;
    }
}

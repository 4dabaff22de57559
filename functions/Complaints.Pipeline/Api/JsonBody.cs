using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Complaints.Pipeline.Api;

/// <summary>
/// The checks on a request body that the framework's JSON binding does not make, made before it binds: at most the
/// configured size (413), a JSON media type (415, the same answer with or without a Content-Type), and well-formed
/// UTF-8 JSON with an object at the root, nested at most <see cref="MaxDepth"/> deep, every name and string decodable
/// (invalid UTF-8, lone surrogates: the binder skips fields it does not map, and would fail later in one it does).
/// A UTF-8 byte order mark is accepted. The checked bytes are handed on to the binder.
/// </summary>
internal static class JsonBody
{
    public const int MaxDepth = 16;

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Reads and checks the body; <c>null</c> when the binder may have it (or there is none and none is needed).</summary>
    public static async Task<IResult?> PrepareAsync(HttpRequest request, int maxBytes, bool required, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return Problems.TooLarge(maxBytes);
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
                    return Problems.TooLarge(maxBytes);
                }

                buffer.Write(chunk.AsSpan(0, read));
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problems.TooLarge(maxBytes);
        }

        if (buffer.WrittenCount == 0)
        {
            return required ? Problems.Invalid("body", "A JSON body is required.") : null;
        }

        if (!IsJson(request.ContentType))
        {
            return Problems.UnsupportedMediaType();
        }

        var json = buffer.WrittenMemory;
        if (json.Span.StartsWith(Utf8Bom))
        {
            json = json[Utf8Bom.Length..];
        }

        if (Check(json.Span) is { } problem)
        {
            return Problems.Invalid("body", problem);
        }

        // The bytes are UTF-8 JSON now, whatever charset the client named; the binder reads them as such.
        request.Body = new MemoryStream(json.ToArray(), writable: false);
        request.ContentLength = json.Length;
        request.ContentType = "application/json";
        request.HttpContext.Features.Set<IHttpRequestBodyDetectionFeature>(new HasBody());
        return null;
    }

    /// <summary>
    /// <c>application/json</c> or a subtype of it (<c>application/problem+json</c>), with any parameters: the media
    /// types routing matches for an endpoint that accepts JSON.
    /// </summary>
    public static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType) && mediaType.IsSubsetOf(Json);

    private static readonly MediaTypeHeaderValue Json = MediaTypeHeaderValue.Parse("application/json");

    private static string? Check(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth * 4 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return "The body must be a JSON object.";
            }

            do
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray when reader.CurrentDepth >= MaxDepth:
                        return $"The body is nested more than {MaxDepth} levels deep.";
                    case JsonTokenType.PropertyName or JsonTokenType.String:
                        _ = reader.GetString();
                        break;
                }
            }
            while (reader.Read());
            return null;
        }
        catch (JsonException e)
        {
            return $"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).";
        }
        catch (InvalidOperationException)
        {
            // GetString: bytes that are not UTF-8, or an escape that is a lone surrogate.
            return "The body holds text that is not valid UTF-8 or Unicode.";
        }
    }

    /// <summary>The field a binding error is about, named as the client wrote it (JSON path without <c>$.</c>).</summary>
    public static string Field(string? path) => path is null or "$" ? "body" : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    /// <summary>What the value at <paramref name="path"/> of a <paramref name="root"/> body must be, for the message.</summary>
    public static string Expected(JsonSerializerOptions options, Type? root, string? path)
    {
        var type = root;
        foreach (var segment in Field(path).Split('.'))
        {
            type = type is null ? null : options.GetTypeInfo(type).Properties.FirstOrDefault(p => p.Name == segment)?.PropertyType;
        }

        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            null => "is not valid.",
            _ when type == typeof(string) => "must be a string.",
            _ when type == typeof(bool) => "must be true or false.",
            _ when type == typeof(int) => "must be a whole number.",
            _ when type == typeof(decimal) => "must be a number.",
            _ when type == typeof(DateOnly) => "must be a date as yyyy-MM-dd.",
            { IsEnum: true } => $"must be one of: {string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.KebabCaseLower.ConvertName))}.",
            _ => "must be an object.",
        };
    }

    private sealed class HasBody : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => true;
    }
}

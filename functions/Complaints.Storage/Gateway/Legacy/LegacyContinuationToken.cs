using System.Text;
using System.Text.Json;
using Microsoft.Azure.Cosmos.Table;

namespace Complaints.Storage.Gateway.Legacy;

/// <summary>
/// Turns the SDK's <see cref="TableContinuationToken"/> into an opaque string and back:
/// Base64 of a JSON array <c>[nextPartitionKey, nextRowKey]</c>.
/// </summary>
internal static class LegacyContinuationToken
{
    public static string? Serialize(TableContinuationToken? token) =>
        token is null
            ? null
            : Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new[] { token.NextPartitionKey, token.NextRowKey }));

    public static TableContinuationToken? Deserialize(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        try
        {
            var keys = JsonSerializer.Deserialize<string?[]>(Convert.FromBase64String(value));
            if (keys is not { Length: 2 })
            {
                throw new ArgumentException("The continuation token is not one this gateway returned.", nameof(value));
            }

            return new TableContinuationToken { NextPartitionKey = keys[0], NextRowKey = keys[1] };
        }
        catch (Exception e) when (e is FormatException or JsonException or DecoderFallbackException)
        {
            throw new ArgumentException("The continuation token is not one this gateway returned.", nameof(value), e);
        }
    }
}

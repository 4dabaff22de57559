using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Complaints.Pipeline.Api;

/// <summary>Opaque paging cursors, signed so that a forged or mangled cursor is refused before it reaches storage.</summary>
public sealed class Cursors(IOptions<ApiOptions> options)
{
    public string Encode(string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        return B64(bytes) + "." + B64(Sign(bytes));
    }

    public bool TryDecode(string? cursor, out string? payload)
    {
        payload = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        var dot = cursor.IndexOf('.', StringComparison.Ordinal);
        if (cursor.Length > 2048 || dot <= 0 || !TryB64(cursor[..dot], out var bytes) || !TryB64(cursor[(dot + 1)..], out var signature)
            || !CryptographicOperations.FixedTimeEquals(signature, Sign(bytes)))
        {
            return false;
        }

        payload = Encoding.UTF8.GetString(bytes);
        return true;
    }

    private byte[] Sign(byte[] bytes) => HMACSHA256.HashData(Encoding.UTF8.GetBytes("cursor:" + options.Value.TokenSecret), bytes)[..16];

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryB64(string text, out byte[] bytes)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        bytes = new byte[padded.Length];
        return Convert.TryFromBase64String(padded, bytes, out var written) && (bytes = bytes[..written]).Length >= 0;
    }
}

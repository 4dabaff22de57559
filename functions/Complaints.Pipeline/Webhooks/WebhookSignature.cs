using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Complaints.Pipeline.Webhooks;

/// <summary>
/// How a delivery is signed: HMAC-SHA256, keyed with the registration's secret (its UTF-8 bytes), over
/// <c>"{timestamp}.{body}"</c>, where the timestamp is the attempt's Unix time in seconds. Sent as
/// <c>Complaints-Signature: t={timestamp},v1={hex}</c>; a receiver recomputes it, compares in constant time and refuses
/// a timestamp further than <see cref="DefaultTolerance"/> from its own clock (a replay). docs/api.md has the receiver's code.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "Complaints-Signature";
    public const string DeliveryIdHeader = "Complaints-Delivery-Id";
    public const string EventHeader = "Complaints-Event";

    /// <summary>What receivers should accept between the signature's timestamp and their clock.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>A new registration's secret: 32 random bytes, hex, with a prefix that says what it is.</summary>
    public static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Sign(string secret, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(body);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + body));
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>The header value for an attempt at <paramref name="at"/>.</summary>
    public static string Header(string secret, DateTimeOffset at, string body)
    {
        var t = at.ToUnixTimeSeconds();
        return string.Create(CultureInfo.InvariantCulture, $"t={t},v1={Sign(secret, t, body)}");
    }

    /// <summary>Checks a header as a receiver would: the form, the timestamp within <paramref name="tolerance"/> of <paramref name="now"/>, the MAC.</summary>
    public static bool Verify(string secret, string? header, string body, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(body);
        if (string.IsNullOrEmpty(header))
        {
            return false;
        }

        long? t = null;
        var candidates = new List<string>();
        foreach (var part in header.Split(','))
        {
            var kv = part.Trim().Split('=', 2);
            if (kv.Length != 2)
            {
                continue;
            }

            if (kv[0] == "t" && long.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                t = seconds;
            }
            else if (kv[0] == "v1")
            {
                candidates.Add(kv[1]);
            }
        }

        if (t is not { } timestamp || Math.Abs(now.ToUnixTimeSeconds() - timestamp) > tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        return candidates.Any(c => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(c), expected));
    }
}

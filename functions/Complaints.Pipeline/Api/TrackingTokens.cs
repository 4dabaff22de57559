using System.Security.Cryptography;
using System.Text;
using Complaints.Core;
using Microsoft.Extensions.Options;

namespace Complaints.Pipeline.Api;

/// <summary>
/// Consumer tracking tokens: 256 bits, base64url, shown once and stored only as a SHA-256 hash. A filing with an
/// Idempotency-Key gets a token derived by HMAC from the configured secret and the complaint id, so a retry of the
/// same request returns the same token without the token ever being stored.
/// </summary>
public sealed class TrackingTokens(IOptions<ApiOptions> options)
{
    public const int EncodedLength = 43;

    public static string NewRandom() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public string DeriveFor(ComplaintId id) =>
        Base64Url(HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.TokenSecret), Encoding.UTF8.GetBytes("tracking-token:" + id.Value)));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Compares a presented token with a stored hash in constant time.</summary>
    public static bool Matches(string presented, string storedHash) =>
        storedHash.Length == 64 && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(storedHash));

    public static bool LooksLikeToken(string value) =>
        value.Length == EncodedLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

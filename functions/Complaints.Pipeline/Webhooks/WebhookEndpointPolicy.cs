using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace Complaints.Pipeline.Webhooks;

/// <summary>
/// Where webhooks may point (server-side request forgery): an absolute <c>https</c> URL whose host resolves only to
/// public addresses. Private (RFC 1918, unique-local), loopback, link-local (cloud metadata at 169.254.169.254),
/// carrier-grade NAT, multicast, unspecified and reserved addresses are refused. In Development only, loopback is allowed,
/// over <c>http</c> too (the demo receiver). The check runs when the URL is registered and again on every connection
/// (<see cref="ConnectAsync"/>, the delivery client's <see cref="SocketsHttpHandler.ConnectCallback"/>): the name is
/// resolved there and the connection goes to an address that passed, so a name that resolves differently later
/// (DNS rebinding) is refused at delivery too.
/// </summary>
public sealed class WebhookEndpointPolicy(bool allowLoopback)
{
    /// <summary>The longest URL accepted.</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>Loopback (and plain http to it) is allowed: the host runs in Development.</summary>
    public bool AllowLoopback { get; } = allowLoopback;

    /// <summary>The URL's form; <c>null</c> when acceptable, else why not (a sentence fragment after "url").</summary>
    public string? CheckForm(string url, out Uri? uri)
    {
        ArgumentNullException.ThrowIfNull(url);
        uri = null;
        if (url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var parsed))
        {
            return "must be an absolute URL.";
        }

        var loopbackHost = parsed.IsLoopback || string.Equals(parsed.IdnHost, "localhost", StringComparison.OrdinalIgnoreCase);
        if (parsed.Scheme != Uri.UriSchemeHttps && !(parsed.Scheme == Uri.UriSchemeHttp && AllowLoopback && loopbackHost))
        {
            return AllowLoopback ? "must be an https URL (http only to loopback)." : "must be an https URL.";
        }

        if (!string.IsNullOrEmpty(parsed.UserInfo))
        {
            return "must not contain a user name or password.";
        }

        if (!string.IsNullOrEmpty(parsed.Fragment))
        {
            return "must not contain a fragment.";
        }

        uri = parsed;
        return null;
    }

    /// <summary>Resolves the URL's host; <c>null</c> when every address it resolves to is allowed, else why not.</summary>
    public async Task<string?> CheckAddressesAsync(Uri uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(uri.IdnHost, cancellationToken);
        }
        catch (SocketException)
        {
            return "names a host that does not resolve.";
        }

        if (addresses.Length == 0)
        {
            return "names a host that does not resolve.";
        }

        return addresses.All(Allows) ? null : Refusal;
    }

    /// <summary>Why an address is refused, as the API and the delivery record say it.</summary>
    public string Refusal => AllowLoopback
        ? "resolves to a private or link-local address; only public addresses (and loopback, in Development) are allowed."
        : "resolves to a private, loopback or link-local address; only public addresses are allowed.";

    public bool Allows(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return IPAddress.IsLoopback(address) ? AllowLoopback : IsPublic(address);
    }

    /// <summary>
    /// The delivery client's connection: resolves the host, keeps the allowed addresses, connects to the first that
    /// answers. Refuses with <see cref="WebhookAddressRefusedException"/> when none is allowed.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var endpoint = context.DnsEndPoint;
        var allowed = (await ResolveAsync(endpoint.Host, cancellationToken)).Where(Allows).ToList();
        if (allowed.Count == 0)
        {
            throw new WebhookAddressRefusedException();
        }

        SocketException? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                last = e;
                socket.Dispose();
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);

    /// <summary>A globally routable unicast address: none of the special-purpose ranges (RFC 6890) a server must not be steered to.</summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0                                   // "this network"
                || b[0] == 10                                    // private
                || (b[0] == 100 && (b[1] & 0xC0) == 64)          // carrier-grade NAT 100.64/10
                || b[0] == 127                                   // loopback
                || (b[0] == 169 && b[1] == 254)                  // link-local, cloud metadata
                || (b[0] == 172 && (b[1] & 0xF0) == 16)          // private 172.16/12
                || (b[0] == 192 && b[1] == 0 && b[2] == 0)       // IETF protocol assignments
                || (b[0] == 192 && b[1] == 168)                  // private
                || (b[0] == 198 && (b[1] & 0xFE) == 18)          // benchmarking 198.18/15
                || b[0] >= 224);                                 // multicast, reserved, broadcast
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return !(address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6Loopback)
                || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast
                || (b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)  // NAT64 64:ff9b::/96 can reach any IPv4 address
                || (b[0] == 0x20 && b[1] == 0x02)                              // 6to4 2002::/16 embeds an IPv4 address
                || b.Take(10).All(x => x == 0));                               // IPv4-compatible and other ::/80 forms
        }

        return false;
    }
}

/// <summary>The webhook's host resolved to no address the policy allows: the delivery is refused before any connection.</summary>
public sealed class WebhookAddressRefusedException : Exception
{
    public WebhookAddressRefusedException() : base("The webhook's host resolves to no allowed address.") { }

    public WebhookAddressRefusedException(string message) : base(message) { }

    public WebhookAddressRefusedException(string message, Exception inner) : base(message, inner) { }
}

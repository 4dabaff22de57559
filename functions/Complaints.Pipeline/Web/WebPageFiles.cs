using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace Complaints.Pipeline.Web;

/// <summary>
/// The web pages both hosts serve (the repository's <c>web/</c> folder with the pinned chart library, copied to
/// <c>web/</c> beside each host's assembly): which files may be served, as what type, and with which headers. The
/// headers, the strict Content-Security-Policy among them, are the <c>globalHeaders</c> of
/// <c>web/staticwebapp.config.json</c>, one list for both hosts (ADR 0014). The local host serves the folder at
/// <c>/</c> with ASP.NET Core's static files middleware; the Functions app at <c>/api/web/</c> with one HTTP function.
/// </summary>
public sealed class WebPageFiles
{
    /// <summary>Where the pages are read from; by default <c>web</c> beside the host's assembly.</summary>
    public const string RootKey = "Complaints:Web:Root";

    /// <summary>The file the headers are read from (never served).</summary>
    public const string ConfigFile = "staticwebapp.config.json";

    /// <summary>Only these types are served: anything else in the folder (the configuration above) is not found.</summary>
    public static readonly IReadOnlyDictionary<string, string> Types = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
    };

    private WebPageFiles(string root, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        Root = root;
        Headers = headers;
    }

    /// <summary>The folder, with a trailing separator.</summary>
    public string Root { get; }

    /// <summary>The headers every page and file is sent with.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The pages under <see cref="RootKey"/> (or beside the assembly); fails when they are not there.</summary>
    public static WebPageFiles Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var root = Path.GetFullPath(configuration[RootKey] is { Length: > 0 } configured ? configured : Path.Combine(AppContext.BaseDirectory, "web"));
        root = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        if (!File.Exists(Path.Combine(root, "index.html")) || !File.Exists(Path.Combine(root, ConfigFile)))
        {
            throw new InvalidOperationException($"The web pages are missing: no index.html or {ConfigFile} in {root} (set {RootKey}, or build the host, which copies web/ there).");
        }

        return new WebPageFiles(root, HeadersOf(Path.Combine(root, ConfigFile)));
    }

    /// <summary>
    /// The file a request path names (relative to the pages' root; empty is <c>index.html</c>), or null: outside the
    /// folder, hidden, of a type not served, or not there.
    /// </summary>
    public (string FullPath, string ContentType)? Resolve(string? path)
    {
        var relative = string.IsNullOrEmpty(path) || path.EndsWith('/') ? (path ?? string.Empty) + "index.html" : path;
        if (relative.Contains('\\', StringComparison.Ordinal) || relative.Split('/').Any(s => s.Length == 0 || s.StartsWith('.')))
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(Root, relative));
        if (!full.StartsWith(Root, StringComparison.Ordinal) || !Types.TryGetValue(Path.GetExtension(full), out var type) || !File.Exists(full))
        {
            return null;
        }

        return (full, type);
    }

    /// <summary>The <c>globalHeaders</c> object of a Static Web App configuration file.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> HeadersOf(string configPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(configPath));
        return
        [
            .. document.RootElement.GetProperty("globalHeaders").EnumerateObject()
                .Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString() ?? string.Empty)),
        ];
    }
}

using System.Text.Json;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Complaints.LocalHost;

/// <summary>
/// The web pages (the repository's <c>web/</c> folder, copied to <c>web/</c> beside the host's assembly with the
/// pinned chart library) at <c>/</c>: the public board, the consumer's pages and the regulator desk. Their response
/// headers (the strict Content-Security-Policy among them) are the <c>globalHeaders</c> of
/// <c>web/staticwebapp.config.json</c>, the file the Azure Static Web App serves them with (ADR 0014), so both
/// deployments send the same ones.
/// </summary>
public static class WebPages
{
    /// <summary>Where the pages are read from; by default <c>web</c> beside the host's assembly.</summary>
    public const string RootKey = "Complaints:Web:Root";

    /// <summary>The Static Web App configuration the headers are read from (not served).</summary>
    public const string ConfigFile = "staticwebapp.config.json";

    /// <summary>Only these types are served: anything else in the folder (the configuration above) is a 404.</summary>
    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
    };

    public static WebApplication UseWebPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var root = app.Configuration[RootKey] is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(AppContext.BaseDirectory, "web");
        if (!File.Exists(Path.Combine(root, "index.html")))
        {
            throw new InvalidOperationException($"The web pages are missing: no index.html in {root} (set {RootKey}, or build the host, which copies web/ there).");
        }

        var headers = HeadersOf(Path.Combine(root, ConfigFile));
        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, DefaultFileNames = ["index.html"] });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = new FileExtensionContentTypeProvider(Types),
            ServeUnknownFileTypes = false,
            OnPrepareResponse = context =>
            {
                foreach (var (name, value) in headers)
                {
                    context.Context.Response.Headers[name] = value;
                }

                // Pages and scripts change with the host: revalidate rather than serve a stale copy.
                context.Context.Response.Headers.CacheControl = "no-cache";
            },
        });
        return app;
    }

    /// <summary>The <c>globalHeaders</c> object of a Static Web App configuration.</summary>
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

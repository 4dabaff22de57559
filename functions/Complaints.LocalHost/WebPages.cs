using Complaints.Pipeline.Web;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Complaints.LocalHost;

/// <summary>
/// The web pages at <c>/</c> (the public board, the consumer's pages, the regulator desk): the folder
/// <see cref="WebPageFiles"/> names, served by ASP.NET Core's static files middleware with the types and headers it
/// allows (the Functions app serves the same files and headers at <c>/api/web/</c>).
/// </summary>
public static class WebPages
{
    public static WebApplication UseWebPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var pages = WebPageFiles.Load(app.Configuration);
        var files = new PhysicalFileProvider(pages.Root);
        var types = new FileExtensionContentTypeProvider(new Dictionary<string, string>(WebPageFiles.Types, StringComparer.OrdinalIgnoreCase));
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, DefaultFileNames = ["index.html"] });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = types,
            ServeUnknownFileTypes = false,
            OnPrepareResponse = context =>
            {
                foreach (var (name, value) in pages.Headers)
                {
                    context.Context.Response.Headers[name] = value;
                }

                // Pages and scripts change with the host: revalidate rather than use a stale copy.
                context.Context.Response.Headers.CacheControl = "no-cache";
            },
        });
        return app;
    }
}

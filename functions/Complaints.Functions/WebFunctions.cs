using Complaints.Pipeline.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Functions;

/// <summary>
/// The web pages in Azure: the same files and headers the local host serves at <c>/</c> (<see cref="WebPageFiles"/>),
/// here at <c>/api/web/</c> of the Functions app, so the pages and the API share one origin (the pages' strict
/// <c>connect-src 'self'</c>, no CORS for the credentialed routes). ADR 0014 says why not a Static Web App.
/// </summary>
public static class WebFunctions
{
    public const string Route = "web/{*path}";

    /// <summary>Answers on the integration's response itself (as <see cref="HttpApi"/> does), so no MVC executor is needed.</summary>
    [Function(nameof(WebPage))]
    public static async Task<IActionResult> WebPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Route)] HttpRequest req, string? path)
    {
        ArgumentNullException.ThrowIfNull(req);
        var context = req.HttpContext;

        // The pages link relatively (css/site.css, js/board.js): /api/web must be /api/web/.
        if (string.IsNullOrEmpty(path) && req.Path.Value?.EndsWith('/') != true)
        {
            await Results.Redirect(req.PathBase + req.Path + "/" + req.QueryString).ExecuteAsync(context);
            return new EmptyResult();
        }

        var pages = context.RequestServices.GetRequiredService<WebPageFiles>();
        if (pages.Resolve(path) is not { } file)
        {
            await Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such page.").ExecuteAsync(context);
            return new EmptyResult();
        }

        foreach (var (name, value) in pages.Headers)
        {
            context.Response.Headers[name] = value;
        }

        context.Response.Headers.CacheControl = "no-cache";
        context.Response.ContentType = file.ContentType;
        await context.Response.SendFileAsync(file.FullPath, context.RequestAborted);
        return new EmptyResult();
    }
}

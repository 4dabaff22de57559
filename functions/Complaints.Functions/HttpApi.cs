using Complaints.Pipeline.Api;
using Complaints.Pipeline.Workflow;
using Complaints.Workflow;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Complaints.Functions;

/// <summary>
/// Hands an HTTP trigger to the endpoint of its route: the request delegate the local host's routing runs (binding,
/// the request guard, validation, the typed handler), built once for the app (<see cref="ApiEndpointCatalog"/>) and
/// invoked on the ASP.NET Core integration's request, which it answers directly.
/// </summary>
internal static class HttpApi
{
    /// <param name="name">The endpoint's name: the function's.</param>
    /// <param name="req">The request as the integration hands it over.</param>
    /// <param name="routeValues">The route parameters the trigger bound, by their names in the route template.</param>
    public static async Task<IActionResult> InvokeAsync(string name, HttpRequest req, params (string Name, string Value)[] routeValues)
    {
        var context = req.HttpContext;
        try
        {
            await context.RequestServices.GetRequiredService<ApiEndpointCatalog>().InvokeAsync(name, context, routeValues);
        }
        catch (Exception e) when (StorageFaults.IsUnavailable(e) && !context.Response.HasStarted)
        {
            // The local host's exception handler answers the same 503; other faults surface as the host's 500.
            context.Response.Clear();
            await StorageFaults.WriteUnavailableAsync(context);
        }

        return new EmptyResult();
    }

    /// <summary>Hands the invocation's Durable client to the shared handlers (they look for <see cref="IComplaintWorkflows"/> as a request feature).</summary>
    public static HttpRequest WithWorkflows(this HttpRequest req, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(req);
        var services = req.HttpContext.RequestServices;
        req.HttpContext.Features.Set<IComplaintWorkflows>(new DurableTaskClientWorkflows(
            client,
            services.GetRequiredService<IOptions<WorkflowOptions>>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HttpApi))));
        return req;
    }
}

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
/// Hands an HTTP trigger to the shared handler of its route (<see cref="ApiRoutes.InvokeAsync"/>, the code the local
/// host maps) and adapts the minimal-API <see cref="IResult"/> to the <see cref="IActionResult"/> that the Functions
/// ASP.NET Core integration executes (it does not execute an <see cref="IResult"/> itself).
/// </summary>
internal static class HttpApi
{
    public static async Task<IActionResult> InvokeAsync(string route, HttpRequest req, string? routeValue = null)
    {
        try
        {
            return new ResultAction(await ApiRoutes.InvokeAsync(route, req.HttpContext, routeValue));
        }
        catch (Exception e) when (StorageFaults.IsUnavailable(e))
        {
            // The local host's exception handler answers the same 503; other faults surface as the host's 500.
            return new UnavailableAction();
        }
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

    public static Task<IActionResult> LiveAsync() => Task.FromResult<IActionResult>(new ResultAction(Results.Ok(new { status = "live" })));

    public static async Task<IActionResult> ReadyAsync(HttpRequest req) => new ResultAction(await ApiRoutes.ReadyAsync(req.HttpContext));

    private sealed class UnavailableAction : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => StorageFaults.WriteUnavailableAsync(context.HttpContext);
    }

    /// <summary>Runs a minimal-API result against the request's <see cref="HttpContext"/>.</summary>
    private sealed class ResultAction(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}

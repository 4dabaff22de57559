using System.Net.Sockets;
using Complaints.Pipeline.Api;
using Complaints.Storage.Gateway;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

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
        catch (Exception e) when (IsStorageUnavailable(e))
        {
            // The local host's exception handler answers 503 here too; other faults surface as the host's 500.
            return new ResultAction(Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Storage is not reachable."));
        }
    }

    public static Task<IActionResult> LiveAsync() => Task.FromResult<IActionResult>(new ResultAction(Results.Ok(new { status = "live" })));

    public static async Task<IActionResult> ReadyAsync(HttpRequest req) => new ResultAction(await ApiRoutes.ReadyAsync(req.HttpContext));

    private static bool IsStorageUnavailable(Exception e) =>
        e is StorageConflictException or HttpRequestException or TimeoutException or SocketException or Azure.RequestFailedException;

    /// <summary>Runs a minimal-API result against the request's <see cref="HttpContext"/>.</summary>
    private sealed class ResultAction(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}

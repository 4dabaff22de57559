using System.Diagnostics;
using System.Net;
using System.Text;
using Complaints.Bench.Load;
using Complaints.Storage.Gateway;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Complaints.Bench.Probes;

public sealed record Throughput(string Target, int Requests, int Ok, double Seconds, double PerSecond, LatencySummary Latency);

/// <summary>
/// POST /api/complaints throughput against a bare minimal-API endpoint in this process that reads the same JSON body
/// and does one table insert through the pipeline's own table gateway: the floor any intake endpoint on this storage pays.
/// </summary>
public static class Intake
{
    public static async Task<WebApplication> StartBareAsync(ITableGateway tables, string table)
    {
        await tables.EnsureTableAsync(table, CancellationToken.None);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/bare", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            using var document = System.Text.Json.JsonDocument.Parse(body);
            var id = "c" + Guid.NewGuid().ToString("N");
            var description = document.RootElement.GetProperty("description").GetString() ?? string.Empty;
            await tables.InsertIfAbsentAsync(table, new TableRow(id, "state", new Dictionary<string, object?> { ["Json"] = body.Length <= 32_000 ? body : description[..Math.Min(description.Length, 30_000)] }), context.RequestAborted);
            return Results.Json(new { complaintId = id }, statusCode: 201);
        });
        await app.StartAsync();
        return app;
    }

    public static async Task<Throughput> MeasureAsync(string target, HttpClient client, string path, int requests, int concurrency, Func<int, string> body, CancellationToken ct)
    {
        var latencies = new double[requests];
        var ok = 0;
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests && !ct.IsCancellationRequested)
            {
                using var content = new StringContent(body(i), Encoding.UTF8, "application/json");
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.PostAsync(path, content, ct);
                    await response.Content.ReadAsByteArrayAsync(ct);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        Interlocked.Increment(ref ok);
                    }
                }
                catch (HttpRequestException)
                {
                    // Counted as not ok.
                }

                latencies[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }
        }));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new Throughput(target, requests, ok, Math.Round(seconds, 2), Math.Round(requests / seconds, 1), LatencySummary.Of(latencies));
    }
}

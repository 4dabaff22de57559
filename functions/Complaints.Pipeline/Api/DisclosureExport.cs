using System.Buffers;
using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Complaints.Core;
using Complaints.Core.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Complaints.Pipeline.Api;

/// <summary>
/// The full export of the public feed: every published record the filters match, all partitions, as RFC 4180 CSV or
/// JSON lines, written to the response one storage page at a time (at most <see cref="StoragePageSize"/> rows held),
/// so memory stays flat whatever the number of rows (docs/benchmarks.md). The filters are the paged feed's, checked
/// by the same plan (<see cref="PublicFeedPlan"/>) before anything is written; a storage fault after the first bytes
/// can only abort the response (the client sees a download cut short, never a silently complete one).
/// </summary>
public sealed class DisclosureExport(IReadModelStore readModels, IOptions<ApiOptions> options, TimeProvider clock)
{
    /// <summary>Rows per storage query: the most one Table storage query returns.</summary>
    public const int StoragePageSize = 1000;

    public const string JsonLinesMediaType = "application/x-ndjson";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly byte[] NewLine = [(byte)'\n'];

    /// <param name="query">The feed's filters (no cursor: the export has no pages).</param>
    /// <param name="format">Already validated: empty (CSV), <c>csv</c> or <c>jsonl</c>.</param>
    /// <param name="response">Gets the Content-Disposition.</param>
    /// <param name="ct">The request's cancellation: a client that goes away stops the reads.</param>
    public Results<PushStreamHttpResult, ValidationProblem> Export(PublicFeedQuery query, string? format, HttpResponse response, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(response);
        var fields = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var plan = PublicFeedPlan.TryCreate(query with { Cursor = null }, clock.GetUtcNow(), options.Value.PublicFeedMonths, fields);
        if (plan is null)
        {
            return Problems.Invalid(fields);
        }

        var jsonLines = format == "jsonl";
        var name = string.Create(CultureInfo.InvariantCulture, $"disclosures-{plan.From:yyyy-MM}-to-{plan.To:yyyy-MM}.{(jsonLines ? "jsonl" : "csv")}");
        response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "no-store";
        return TypedResults.Stream(
            body => jsonLines ? WriteJsonLinesAsync(plan, body, ct) : WriteCsvAsync(plan, body, ct),
            jsonLines ? JsonLinesMediaType + "; charset=utf-8" : Csv.MediaType);
    }

    private async Task WriteCsvAsync(PublicFeedPlan plan, Stream body, CancellationToken ct)
    {
        await using var writer = new StreamWriter(body, Utf8, bufferSize: 16 * 1024, leaveOpen: true);
        await writer.WriteAsync(Csv.HeaderLine.AsMemory(), ct);
        var lines = new StringBuilder();
        await foreach (var page in plan.ReadAllAsync(readModels, StoragePageSize, ct))
        {
            lines.Clear();
            foreach (var record in page)
            {
                Csv.AppendRow(lines, PublicDisclosureView.Of(record));
            }

            await writer.WriteAsync(lines, ct);
            await writer.FlushAsync(ct);
        }
    }

    private async Task WriteJsonLinesAsync(PublicFeedPlan plan, Stream body, CancellationToken ct)
    {
        // The API's own JSON (ApiJson: its escaping too, which the writer applies): each line is what the paged feed
        // lists as an item. A batch is serialized into one buffer, written, and the buffer reused.
        var lines = new ArrayBufferWriter<byte>(64 * 1024);
        await using var json = new Utf8JsonWriter(lines, new JsonWriterOptions { Encoder = ApiJson.Options.Encoder });
        await foreach (var page in plan.ReadAllAsync(readModels, StoragePageSize, ct))
        {
            lines.ResetWrittenCount();
            foreach (var record in page)
            {
                JsonSerializer.Serialize(json, PublicDisclosureView.Of(record), ApiJson.Options);
                json.Flush();
                json.Reset();
                lines.Write(NewLine);
            }

            await body.WriteAsync(lines.WrittenMemory, ct);
            await body.FlushAsync(ct);
        }
    }
}

/// <summary>The export's route, in the public audience (a public read: CORS as the feed).</summary>
internal static class DisclosureExportEndpoints
{
    public static RouteGroupBuilder MapDisclosureExport(this RouteGroupBuilder group)
    {
        group.MapGet("public/disclosures/export", ExportAsync)
            .WithName("ExportDisclosures")
            .WithSummary("Export every published disclosure the filters match")
            .WithDescription("The paged feed's filters; no cursor: every matching record, newest month first, streamed as one download (Content-Disposition: attachment; filename=\"disclosures-<from>-to-<to>.csv\" or .jsonl). format=csv (the default): RFC 4180 CSV with a header row, the paged feed's CSV columns. format=jsonl: JSON lines (application/x-ndjson), one feed item per line. A bad filter is a 400 before anything is written; a storage fault during the download cuts it short.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv", additionalContentTypes: [DisclosureExport.JsonLinesMediaType]);
        return group;
    }

    public static Results<PushStreamHttpResult, ValidationProblem> ExportAsync(
        [ApiValues("csv", "jsonl"), Description("csv (the default) or jsonl.")] string? format,
        [Text(64), Description("Only this merchant's records.")] string? merchantId,
        [Text(64), Description("Only records of purchases through this venue.")] string? venueId,
        [ApiEnum<Category>, Description("Only this category.")] string? category,
        [ApiEnum<ComplaintOutcome>, Description("Only this outcome.")] string? outcome,
        [Description("The first month, yyyy-MM (or a date in it); by default 36 months before to.")] string? from,
        [Description("The last month, yyyy-MM (or a date in it); by default this month.")] string? to,
        HttpResponse response,
        [FromServices] DisclosureExport export,
        CancellationToken ct) =>
        export.Export(new PublicFeedQuery(merchantId, venueId, category, outcome, from, to, null), format, response, ct);
}

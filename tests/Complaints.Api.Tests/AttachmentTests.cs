using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Complaints.Api.Tests.Infrastructure;
using Complaints.Storage;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static Complaints.Testing.ConfiguredParties;

namespace Complaints.Api.Tests;

/// <summary>
/// Attachments over real HTTP on the real local host, with the blobs in Azurite's blob service: who attaches and who
/// reads (everyone else refused), the type read from the bytes, the size limit to the byte, the count limit, an upload
/// cut half-way, the bytes and SHA-256 that come back, and their erasure once the complaint ended longer than the
/// retention ago.
/// </summary>
public sealed class AttachmentTests(ApiEnvironment environment, ITestOutputHelper output) : ApiTest(environment, output)
{
    /// <summary>The default limit (Complaints:Attachments:MaxFileBytes), which the test hosts keep.</summary>
    private const int MaxFileBytes = 5 * 1024 * 1024;

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public async Task The_consumer_and_the_named_parties_attach_they_and_the_regulator_download_the_same_bytes_and_nobody_else_can()
    {
        var api = await ApiAsync();
        var c = await api.AssignedAsync(ComplaintsApi.Filing(merchant: Alpha, venue: Mall));
        var logStart = api.Http.Host.Log.Position;

        // 2.5 MiB: more than one 1 MiB block, so it is staged and committed; a small PDF from the merchant: one request.
        var photo = Png(2 * 1024 * 1024 + 512 * 1024);
        var consumerUpload = (await UploadAsync(api, c, c.Consumer, photo, "image/png", "Quokka-cracked screen.png")).Expect(HttpStatusCode.Created).Json();
        Views.Equal("image/png", consumerUpload, "mediaType");
        Views.Equal("Quokka-cracked screen.png", consumerUpload, "fileName");
        Views.Equal("consumer", consumerUpload, "author");
        Assert.Equal(photo.Length, consumerUpload.GetProperty("size").GetInt64());
        Assert.Equal(Sha256(photo), ComplaintsApi.Str(consumerUpload, "sha256"));
        var pdf = Pdf(40_000);
        var merchantUpload = (await UploadAsync(api, c, api.Operator(Alpha), pdf, "application/octet-stream", "receipt")).Expect(HttpStatusCode.Created).Json();
        Views.Equal("application/pdf", merchantUpload, "mediaType");
        Views.Equal("receipt.pdf", merchantUpload, "fileName");
        Views.Equal(Alpha, merchantUpload, "party");
        (await UploadAsync(api, c, api.Operator(Mall), Png(1000), "image/png", "shelf.png")).Expect(HttpStatusCode.Created);

        var photoPath = ComplaintsApi.Str(consumerUpload, "links", "download")!.TrimStart('/');
        foreach (var reader in new[] { c.Consumer, api.Operator(Alpha), api.Operator(Mall), api.Regulator })
        {
            var download = await DownloadAsync(api, photoPath, reader);
            Assert.Equal(HttpStatusCode.OK, download.Status);
            Assert.Equal(photo, download.Bytes);
            Assert.Equal(Sha256(photo), Sha256(download.Bytes));
            Assert.Equal("image/png", download.ContentType);
            Assert.Equal("attachment", download.Disposition?.DispositionType);
            Assert.Equal("Quokka-cracked screen.png", download.Disposition?.FileNameStar ?? download.Disposition?.FileName?.Trim('"'));
            Assert.Equal("nosniff", download.Header("X-Content-Type-Options"));
            Assert.Equal($"sha-256=:{Convert.ToBase64String(SHA256.HashData(photo))}:", download.Header("Repr-Digest"));

            var list = (await api.Http.GetAsync($"{c.Path}/attachments", reader)).Expect(HttpStatusCode.OK).Json().GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(["consumer", "merchant", "venue"], list.Select(a => ComplaintsApi.Str(a, "author")));
        }

        Assert.Equal(pdf, (await DownloadAsync(api, ComplaintsApi.Str(merchantUpload, "links", "download")!.TrimStart('/'), c.Consumer)).Bytes);

        // Every reader the complaint does not name is refused, and so is the public; the regulator reads but does not attach.
        var other = await api.FileAsync(ComplaintsApi.Filing(merchant: Beta));
        foreach (var (stranger, expected) in new[]
                 {
                     (Credential.Token("other-consumer", other.Token), HttpStatusCode.NotFound),
                     (api.Operator(Gamma), HttpStatusCode.NotFound),
                     (api.Operator(Platform), HttpStatusCode.NotFound),
                     (Credential.None, HttpStatusCode.Unauthorized),
                     (Credential.Key("unknown", "test-not-a-key-" + Guid.NewGuid().ToString("N")), HttpStatusCode.Unauthorized),
                 })
        {
            var refused = await DownloadAsync(api, photoPath, stranger);
            Assert.True(refused.Status == expected, $"{stranger} downloading: expected {(int)expected}, got {(int)refused.Status}");
            Assert.True(refused.Bytes.Length < 2_000, $"a refusal carries a problem, not the file ({refused.Bytes.Length} bytes)");
            Assert.StartsWith("application/problem+json", refused.ContentType, StringComparison.Ordinal);
            (await api.Http.GetAsync($"{c.Path}/attachments", stranger)).ExpectProblem(expected);
            (await UploadAsync(api, c, stranger, Png(100), "image/png", "x.png")).ExpectProblem(expected);
        }

        (await UploadAsync(api, c, api.Regulator, Png(100), "image/png", "x.png")).ExpectProblem(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.NotFound, (await DownloadAsync(api, $"{c.Path}/attachments/a{new string('0', 32)}", c.Consumer)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await DownloadAsync(api, $"{other.Path}/attachments/{ComplaintsApi.Str(consumerUpload, "attachmentId")}", other.Consumer)).Status);

        // The timeline records each file without content; the blob holds it under a random name, not the file's.
        var timeline = (await api.GetAsync(c, c.Consumer)).Expect(HttpStatusCode.OK).Json().GetProperty("timeline").EnumerateArray()
            .Where(t => ComplaintsApi.Str(t, "type") == "attachment-added").ToList();
        Assert.Equal(3, timeline.Count);
        Assert.Equal(Sha256(photo), ComplaintsApi.Str(timeline[0], "attachment", "sha256"));
        Assert.Equal(photo.Length, timeline[0].GetProperty("attachment").GetProperty("size").GetInt64());
        var blobs = await BlobNamesAsync(api, c);
        Assert.Equal(3, blobs.Count);
        Assert.Contains($"{c.Id}/{ComplaintsApi.Str(consumerUpload, "attachmentId")}", blobs);
        Assert.DoesNotContain(blobs, b => b.Contains("Quokka", StringComparison.Ordinal));
        Assert.DoesNotContain(api.Http.Host.Log.Since(logStart), line => line.Contains("Quokka", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("an ELF executable", new byte[] { 0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x3E, 0x00 }, "image/png")]
    [InlineData("a PE executable", new byte[] { 0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00, 0xB8, 0x00 }, "image/png")]
    [InlineData("an HTML page", new byte[] { 0x3C, 0x68, 0x74, 0x6D, 0x6C, 0x3E, 0x3C, 0x73, 0x63, 0x72, 0x69, 0x70, 0x74, 0x3E }, "application/octet-stream")]
    [InlineData("a PNG sent as a PDF", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D }, "application/pdf")]
    [InlineData("a PNG sent as text/html", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D }, "text/html")]
    public async Task Content_that_is_not_an_accepted_type_whatever_its_name_and_content_type_say_is_415_and_nothing_is_stored(string what, byte[] head, string contentType)
    {
        var api = await ApiAsync();
        var c = await api.FileAsync(ComplaintsApi.Filing(merchant: Beta));
        var bytes = head.Concat(RandomNumberGenerator.GetBytes(4096)).ToArray();

        var response = (await UploadAsync(api, c, c.Consumer, bytes, contentType, "photo.png")).ExpectProblem(HttpStatusCode.UnsupportedMediaType, "file");
        Output.WriteLine($"{what}: {response.Body}");
        Assert.Empty((await api.Http.GetAsync($"{c.Path}/attachments", c.Consumer)).Expect(HttpStatusCode.OK).Json().GetProperty("items").EnumerateArray());
        Assert.Empty(await BlobNamesAsync(api, c));
    }

    [Fact]
    public async Task A_file_exactly_at_the_size_limit_is_stored_and_one_byte_more_is_413_whether_announced_or_streamed()
    {
        var api = await ApiAsync();
        var c = await api.FileAsync(ComplaintsApi.Filing(merchant: Beta));

        var atLimit = Png(MaxFileBytes);
        var stored = (await UploadAsync(api, c, c.Consumer, atLimit, "image/png", "limit.png")).Expect(HttpStatusCode.Created).Json();
        Assert.Equal(MaxFileBytes, stored.GetProperty("size").GetInt64());
        Assert.Equal(atLimit, (await DownloadAsync(api, ComplaintsApi.Str(stored, "links", "download")!.TrimStart('/'), c.Consumer)).Bytes);

        var over = Png(MaxFileBytes + 1);
        (await UploadAsync(api, c, c.Consumer, over, "image/png", "over.png")).ExpectProblem(HttpStatusCode.RequestEntityTooLarge, "file");

        // Chunked, with no Content-Length: the limit holds while the body streams.
        (await UploadAsync(api, c, c.Consumer, over, "image/png", "over.png", chunked: true)).ExpectProblem(HttpStatusCode.RequestEntityTooLarge, "file");
        (await UploadAsync(api, c, c.Consumer, atLimit, "image/png", "limit-chunked.png", chunked: true)).Expect(HttpStatusCode.Created);

        Assert.Equal(2, (await api.Http.GetAsync($"{c.Path}/attachments", c.Consumer)).Expect(HttpStatusCode.OK).Json().GetProperty("items").GetArrayLength());
        Assert.Equal(2, (await BlobNamesAsync(api, c)).Count);
    }

    [Fact]
    public async Task Past_the_files_a_complaint_may_hold_an_upload_is_422_naming_attachments()
    {
        var api = await ApiAsync();
        var c = await api.AssignedAsync(ComplaintsApi.Filing(merchant: Alpha, venue: Mall));
        for (var i = 0; i < 5; i++)
        {
            (await UploadAsync(api, c, i % 2 == 0 ? c.Consumer : api.Operator(Mall), Png(500 + i), "image/png", $"photo-{i}.png")).Expect(HttpStatusCode.Created);
        }

        (await UploadAsync(api, c, c.Consumer, Png(600), "image/png", "one-too-many.png")).ExpectProblem(HttpStatusCode.UnprocessableEntity, "attachments");
        (await UploadAsync(api, c, api.Operator(Alpha), Pdf(600), "application/pdf", "one-too-many.pdf")).ExpectProblem(HttpStatusCode.UnprocessableEntity, "attachments");
        Assert.Equal(5, (await api.Http.GetAsync($"{c.Path}/attachments", c.Consumer)).Expect(HttpStatusCode.OK).Json().GetProperty("items").GetArrayLength());
        Assert.Equal(5, (await BlobNamesAsync(api, c)).Count);
    }

    [Fact]
    public async Task An_upload_the_client_cuts_half_way_leaves_no_blob_and_no_timeline_entry()
    {
        var api = await ApiAsync();
        var c = await api.FileAsync(ComplaintsApi.Filing(merchant: Beta));
        var logStart = api.Http.Host.Log.Position;
        var file = Png(3 * 1024 * 1024);

        using var request = UploadRequest(c, c.Consumer, new CutContent(file, cutAt: file.Length / 2), "image/png", "cut.png");
        await Assert.ThrowsAnyAsync<HttpRequestException>(async () =>
        {
            using var response = await Raw(api).SendAsync(request, Cancel);
        });

        // The host says when it has given up on the body; only then is "nothing stored" a fact rather than a race.
        await Complaints.Testing.Eventually.Until(
            () => Task.FromResult(api.Http.Host.Log.Since(logStart).Any(l => l.Contains(c.Id, StringComparison.Ordinal) && l.Contains("nothing was stored", StringComparison.Ordinal))),
            seen => seen,
            TimeSpan.FromSeconds(30),
            "the host to log the incomplete upload",
            Cancel);
        Assert.Empty(await BlobNamesAsync(api, c));
        var view = (await api.GetAsync(c, c.Consumer)).Expect(HttpStatusCode.OK).Json();
        Assert.DoesNotContain("attachment-added", Views.Timeline(view));
        Assert.Empty((await api.Http.GetAsync($"{c.Path}/attachments", c.Consumer)).Expect(HttpStatusCode.OK).Json().GetProperty("items").EnumerateArray());

        // The same file sent whole is stored.
        (await UploadAsync(api, c, c.Consumer, file, "image/png", "whole.png")).Expect(HttpStatusCode.Created);
        Assert.Single(await BlobNamesAsync(api, c));
    }

    [Fact]
    public async Task Without_a_file_name_or_with_an_empty_body_the_upload_is_400_naming_the_field_and_names_are_sanitized()
    {
        var api = await ApiAsync();
        var c = await api.FileAsync(ComplaintsApi.Filing(merchant: Beta));
        (await UploadAsync(api, c, c.Consumer, Png(100), "image/png", fileName: null)).ExpectProblem(HttpStatusCode.BadRequest, "filename");
        (await UploadAsync(api, c, c.Consumer, Png(100), "image/png", "\u202E\u0007 ..")).ExpectProblem(HttpStatusCode.BadRequest, "filename");
        (await UploadAsync(api, c, c.Consumer, [], "image/png", "empty.png")).ExpectProblem(HttpStatusCode.BadRequest, "file");

        var sanitized = (await UploadAsync(api, c, c.Consumer, Png(100), "image/png", "..\\..\\etc/pass<wd>\u202Egnp.exe")).Expect(HttpStatusCode.Created).Json();
        Views.Equal("pass_wd_gnp.exe.png", sanitized, "fileName");
        var unicode = (await UploadAsync(api, c, c.Consumer, Pdf(100), "application/pdf", "发票 2026.PDF")).Expect(HttpStatusCode.Created).Json();
        Views.Equal("发票 2026.PDF", unicode, "fileName");
        var download = await DownloadAsync(api, ComplaintsApi.Str(unicode, "links", "download")!.TrimStart('/'), c.Consumer);
        Assert.Equal("发票 2026.PDF", download.Disposition?.FileNameStar);
    }

    [Fact]
    public async Task The_public_disclosure_shows_nothing_of_the_attachments()
    {
        var api = await ApiAsync();
        var c = await api.ClosedAsync(ComplaintsApi.Filing(merchant: Alpha, consent: true), Alpha);
        var added = (await UploadAsync(api, c, c.Consumer, Png(700), "image/png", "Wombat-evidence.png")).Expect(HttpStatusCode.Created).Json();
        var disclosureId = await api.WaitForDisclosureAsync(c);
        (await api.PublishAsync(disclosureId)).Expect(HttpStatusCode.OK);

        var record = await api.WaitForListItemAsync("api/public/disclosures", Credential.None, i => ComplaintsApi.Str(i, "disclosureId") == disclosureId, "the published record");
        Assert.DoesNotContain("Wombat", record.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(ComplaintsApi.Str(added, "attachmentId")!, record.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("attachment", record.GetRawText(), StringComparison.OrdinalIgnoreCase);
        var csv = (await api.Http.GetAsync("api/public/disclosures", Credential.None, accept: "text/csv")).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain("Wombat", csv.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Past_the_retention_after_the_end_the_sweep_erases_the_blobs_the_list_marks_them_the_download_is_410_and_nothing_more_is_attached()
    {
        var api = await ApiAsync(ApiEnvironment.RetentionHost);

        // Withdrawn with two files; closed with one attached after closing (its thread's window); one still open.
        var withdrawn = await api.FileAsync(ComplaintsApi.Filing(merchant: Beta));
        var first = (await UploadAsync(api, withdrawn, withdrawn.Consumer, Png(800), "image/png", "Numbat-receipt.png")).Expect(HttpStatusCode.Created).Json();
        (await UploadAsync(api, withdrawn, withdrawn.Consumer, Pdf(900), "application/pdf", "invoice.pdf")).Expect(HttpStatusCode.Created);
        (await api.WithdrawAsync(withdrawn)).Expect(HttpStatusCode.OK);
        var closed = await api.ClosedAsync(ComplaintsApi.Filing(merchant: Alpha), Alpha);
        (await UploadAsync(api, closed, closed.Consumer, Png(700), "image/png", "after.png")).Expect(HttpStatusCode.Created);
        var open = await api.FileAsync(ComplaintsApi.Filing(merchant: Beta));
        var kept = (await UploadAsync(api, open, open.Consumer, Png(600), "image/png", "kept.png")).Expect(HttpStatusCode.Created).Json();

        // Let the retention after the later end pass, then run the host's sweep once (its own timer never ticks here).
        var endedAt = DateTimeOffset.MinValue;
        foreach (var c in new[] { withdrawn, closed })
        {
            var at = (await api.ViewAsync(c)).GetProperty("closedAt").GetDateTimeOffset();
            endedAt = at > endedAt ? at : endedAt;
        }

        var wait = endedAt + ApiEnvironment.ShortRetainAfterEnd + TimeSpan.FromMilliseconds(200) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, Cancel);
        }

        var logStart = api.Http.Host.Log.Position;
        var sweeper = api.Http.Host.Services.GetRequiredService<Complaints.Pipeline.Workers.AttachmentSweeper>();
        Assert.Equal(3, await sweeper.SweepOnceAsync(Cancel));

        Assert.Empty(await BlobNamesAsync(api, withdrawn));
        Assert.Empty(await BlobNamesAsync(api, closed));
        Assert.Single(await BlobNamesAsync(api, open));
        foreach (var (c, count) in new[] { (withdrawn, 2), (closed, 1) })
        {
            var timeline = (await api.GetAsync(c, c.Consumer)).Expect(HttpStatusCode.OK).Json().GetProperty("timeline").EnumerateArray().ToList();
            Assert.Single(timeline, t => ComplaintsApi.Str(t, "type") == "attachments-erased");
            Assert.Equal(count, timeline.Count(t => ComplaintsApi.Str(t, "type") == "attachment-added"));

            // The metadata stays, marked erased.
            var items = (await api.Http.GetAsync($"{c.Path}/attachments", c.Consumer)).Expect(HttpStatusCode.OK).Json().GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(count, items.Count);
            Assert.All(items, a => Assert.True(a.GetProperty("erased").GetBoolean()));
        }

        Views.Equal("Numbat-receipt.png", (await api.Http.GetAsync($"{withdrawn.Path}/attachments", withdrawn.Consumer)).Json().GetProperty("items")[0], "fileName");
        foreach (var reader in new[] { withdrawn.Consumer, api.Operator(Beta), api.Regulator })
        {
            var gone = await DownloadAsync(api, ComplaintsApi.Str(first, "links", "download")!.TrimStart('/'), reader);
            Assert.Equal(HttpStatusCode.Gone, gone.Status);
            Assert.StartsWith("application/problem+json", gone.ContentType, StringComparison.Ordinal);
        }

        // Still inside the evaluation window after closing, but the attachments are erased: nothing more is attached.
        (await UploadAsync(api, closed, closed.Consumer, Png(500), "image/png", "late.png")).ExpectProblem(HttpStatusCode.Conflict);
        Assert.Empty(await BlobNamesAsync(api, closed));

        // The complaint that has not ended keeps its file, unmarked.
        var openItems = (await api.Http.GetAsync($"{open.Path}/attachments", open.Consumer)).Expect(HttpStatusCode.OK).Json().GetProperty("items").EnumerateArray().ToList();
        Assert.False(Assert.Single(openItems).GetProperty("erased").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await DownloadAsync(api, ComplaintsApi.Str(kept, "links", "download")!.TrimStart('/'), open.Consumer)).Status);
        Assert.Equal(0, await sweeper.SweepOnceAsync(Cancel));
        Assert.DoesNotContain(api.Http.Host.Log.Since(logStart), line => line.Contains("Numbat", StringComparison.Ordinal));
    }

    // ---- helpers ----

    /// <summary>PNG signature then random bytes: the type is read from the first bytes only.</summary>
    internal static byte[] Png(int length)
    {
        var bytes = RandomNumberGenerator.GetBytes(length);
        PngSignature.CopyTo(bytes, 0);
        return bytes;
    }

    internal static byte[] Pdf(int length)
    {
        var bytes = RandomNumberGenerator.GetBytes(length);
        "%PDF-1.7\n"u8.CopyTo(bytes);
        return bytes;
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private HttpClient Raw(ComplaintsApi api)
    {
        var http = api.Http.Host.NewClient();
        clients.Add(http);
        return http;
    }

    private readonly List<HttpClient> clients = [];

    public override Task DisposeAsync()
    {
        clients.ForEach(c => c.Dispose());
        return base.DisposeAsync();
    }

    internal static HttpRequestMessage UploadRequest(Filed c, Credential credential, HttpContent content, string contentType, string? fileName)
    {
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (fileName is not null)
        {
            content.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = fileName };
        }

        var request = new HttpRequestMessage(HttpMethod.Post, $"{c.Path}/attachments") { Content = content };
        credential.Apply(request);
        return request;
    }

    private static Task<ApiResponse> UploadAsync(ComplaintsApi api, Filed c, Credential credential, byte[] bytes, string contentType, string? fileName, bool chunked = false)
    {
        HttpContent content = chunked ? new StreamContent(new NonSeekable(bytes)) : new ByteArrayContent(bytes);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (fileName is not null)
        {
            content.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = fileName };
        }

        // As curl does for large bodies: a refusal that needs no byte of the body (413 on Content-Length, 401, 404...)
        // comes before the body is sent, rather than racing it.
        return api.Http.SendAsync(HttpMethod.Post, $"{c.Path}/attachments", credential, content, r => r.Headers.ExpectContinue = true);
    }

    private sealed record Download(HttpStatusCode Status, byte[] Bytes, string? ContentType, ContentDispositionHeaderValue? Disposition, HttpResponseMessage Response)
    {
        public string? Header(string name) =>
            Response.Headers.TryGetValues(name, out var values) || Response.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : null;
    }

    private async Task<Download> DownloadAsync(ComplaintsApi api, string path, Credential reader)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        reader.Apply(request);
        var response = await Raw(api).SendAsync(request, Cancel);
        var bytes = await response.Content.ReadAsByteArrayAsync(Cancel);
        api.Http.Log($"GET {path} [{reader}] -> {(int)response.StatusCode} ({bytes.Length} bytes)");
        return new Download(response.StatusCode, bytes, response.Content.Headers.ContentType?.ToString(), response.Content.Headers.ContentDisposition, response);
    }

    /// <summary>The complaint's blobs in the host's attachments container, straight from Azurite's blob service.</summary>
    internal static async Task<List<string>> BlobNamesAsync(ComplaintsApi api, Filed c)
    {
        var services = api.Http.Host.Services;
        var container = services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(services.GetRequiredService<StorageNames>().AttachmentsContainer);
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = c.Id + "/" }))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    /// <summary>A body that announces its whole length, sends part of it and then fails: the client aborts the request.</summary>
    private sealed class CutContent(byte[] bytes, int cutAt) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(bytes.AsMemory(0, cutAt));
            await stream.FlushAsync();
            throw new IOException("The client gave up half-way.");
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bytes.Length;
            return true;
        }
    }

    /// <summary>A stream without a length, so HttpClient sends it chunked.</summary>
    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public override bool CanSeek => false;
    }
}

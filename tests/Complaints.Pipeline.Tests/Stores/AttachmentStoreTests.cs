using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Complaints.Core;
using Complaints.Core.Ports;
using Complaints.Pipeline.Api;
using Complaints.Pipeline.Tests.Support;
using Complaints.Pipeline.Workers;
using Complaints.Storage;
using Complaints.Storage.Stores;
using Complaints.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace Complaints.Pipeline.Tests.Stores;

/// <summary>
/// The attachment blobs on Azurite's blob service: block-by-block uploads come back byte for byte, a stream that fails
/// half-way leaves no blob, erasure takes every blob of one complaint and no other's, and the orphan sweep deletes a
/// blob no event records (the crash between blob and event) while it keeps, and marks, one an event does; past the
/// retention after a complaint ended the sweep records the erasure and deletes the complaint's blobs.
/// </summary>
[Collection(AzuriteFixture.CollectionName)]
public sealed class AttachmentStoreTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task A_file_of_several_blocks_reads_back_byte_for_byte_and_a_stream_that_fails_half_way_leaves_no_blob()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "att");
        var store = host.Get<IAttachmentStore>();
        var complaint = TestNames.NewComplaintId();

        var bytes = RandomNumberGenerator.GetBytes(200_000);
        await store.UploadAsync(complaint, "a1", "image/png", new MemoryStream(bytes), blockBytes: 64 * 1024, ct); // 4 blocks
        await store.UploadAsync(complaint, "a2", "application/pdf", new MemoryStream(bytes[..1000]), blockBytes: 64 * 1024, ct); // 1 request
        await using (var read = await store.OpenReadAsync(complaint, "a1", ct))
        {
            Assert.NotNull(read);
            Assert.Equal(bytes.Length, read.Length);
            Assert.Equal("image/png", read.MediaType);
            var copy = new MemoryStream();
            await read.Content.CopyToAsync(copy, ct);
            Assert.Equal(bytes, copy.ToArray());
        }

        await Assert.ThrowsAsync<IOException>(() => store.UploadAsync(complaint, "a3", "image/png", new FailingStream(bytes, failAt: 150_000), blockBytes: 64 * 1024, ct));
        Assert.Null(await store.OpenReadAsync(complaint, "a3", ct));
        Assert.Equal(["a1", "a2"], await NamesAsync(host, complaint, ct));
    }

    [Fact]
    public async Task Erasing_a_complaints_attachments_deletes_all_of_its_blobs_and_none_of_another()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "atterase");
        var store = host.Get<IAttachmentStore>();
        var (erased, kept) = (TestNames.NewComplaintId(), TestNames.NewComplaintId());
        foreach (var id in new[] { "a1", "a2", "a3" })
        {
            await store.UploadAsync(erased, id, "image/png", new MemoryStream([1, 2, 3]), 1024, ct);
        }

        await store.UploadAsync(kept, "a1", "image/png", new MemoryStream([4, 5, 6]), 1024, ct);

        Assert.Equal(3, await store.DeleteAllAsync(erased, ct));
        Assert.Empty(await NamesAsync(host, erased, ct));
        Assert.Equal(["a1"], await NamesAsync(host, kept, ct));
        Assert.Equal(0, await store.DeleteAllAsync(erased, ct));
    }

    [Fact]
    public async Task The_sweep_deletes_a_blob_no_event_records_and_keeps_and_marks_one_whose_mark_was_lost()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "attsweep");
        var store = host.Get<IAttachmentStore>();
        var id = await host.Driver.FileAsync(venue: null, ct);
        var bytes = RandomNumberGenerator.GetBytes(5_000);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));

        // Recorded and marked, as a finished upload leaves it.
        await store.UploadAsync(id, "arecorded", "image/png", new MemoryStream(bytes), 1024 * 1024, ct);
        await host.Driver.ActAsync(id, at => new ComplaintCommand.AddAttachment("arecorded", "a.png", "image/png", bytes.Length, sha, 5, new Actor.Consumer(id), at), ct);
        await store.MarkRecordedAsync(id, "arecorded", ct);

        // Recorded, but the process died before the mark.
        await store.UploadAsync(id, "aunmarked", "image/png", new MemoryStream(bytes), 1024 * 1024, ct);
        await host.Driver.ActAsync(id, at => new ComplaintCommand.AddAttachment("aunmarked", "b.png", "image/png", bytes.Length, sha, 5, new Actor.Consumer(id), at), ct);

        // Stored, but the process died before the event: an orphan.
        await store.UploadAsync(id, "aorphan", "image/png", new MemoryStream(bytes), 1024 * 1024, ct);

        var options = Options.Create(new AttachmentOptions { OrphanAge = TimeSpan.FromHours(1) });

        // Younger than the orphan age: untouched (it may be an upload whose event is being written).
        var now = new AttachmentSweeper(store, host.Get<IComplaintStore>(), options, new FakeTimeProvider(DateTimeOffset.UtcNow), NullLogger<AttachmentSweeper>.Instance);
        Assert.Equal(0, await now.SweepOnceAsync(ct));
        Assert.Equal(["aorphan", "arecorded", "aunmarked"], await NamesAsync(host, id, ct));

        var later = new AttachmentSweeper(store, host.Get<IComplaintStore>(), options, new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(2)), NullLogger<AttachmentSweeper>.Instance);
        Assert.Equal(1, await later.SweepOnceAsync(ct));
        Assert.Equal(["arecorded", "aunmarked"], await NamesAsync(host, id, ct));
        Assert.Empty(await ToListAsync(store.ListUnrecordedAsync(DateTimeOffset.UtcNow.AddHours(2), ct)));
        Assert.Equal(0, await later.SweepOnceAsync(ct));
    }

    [Fact]
    public async Task The_sweep_erases_the_blobs_of_a_complaint_ended_longer_than_the_retention_ago_records_it_once_and_keeps_the_others()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        await using var host = await PipelineHost.StartAsync(azurite, output, TestDeadlines.Far, ct, workers: false, tag: "attretain");
        var store = host.Get<IAttachmentStore>();
        var complaints = host.Get<IComplaintStore>();
        var bytes = RandomNumberGenerator.GetBytes(2_000);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));

        async Task AttachAsync(ComplaintId id, string attachmentId)
        {
            await store.UploadAsync(id, attachmentId, "image/png", new MemoryStream(bytes), 1024 * 1024, ct);
            await host.Driver.ActAsync(id, at => new ComplaintCommand.AddAttachment(attachmentId, attachmentId + ".png", "image/png", bytes.Length, sha, 5, new Actor.Consumer(id), at), ct);
            await store.MarkRecordedAsync(id, attachmentId, ct);
        }

        var (ended, open) = (await host.Driver.FileAsync(venue: null, ct), await host.Driver.FileAsync(venue: null, ct));
        await AttachAsync(ended, "a1");
        await AttachAsync(ended, "a2");
        await AttachAsync(open, "a1");
        var endedAt = (await host.Driver.WithdrawAsync(ended, ct)).State.ClosedAt!.Value;

        var retain = TimeSpan.FromDays(30);
        var options = Options.Create(new AttachmentOptions { RetainAfterEnd = retain });
        AttachmentSweeper SweeperAt(DateTimeOffset now) => new(store, complaints, options, new FakeTimeProvider(now), NullLogger<AttachmentSweeper>.Instance);

        // A second before the retention has passed: everything stays.
        Assert.Equal(0, await SweeperAt(endedAt + retain - TimeSpan.FromSeconds(1)).SweepOnceAsync(ct));
        Assert.Equal(["a1", "a2"], await NamesAsync(host, ended, ct));
        Assert.Null((await complaints.GetAsync(ended, ct))!.State.AttachmentsErasedAt);

        // Once it has: the event first, then every blob of the ended complaint; the open one keeps its blob.
        var erasedAt = endedAt + retain + TimeSpan.FromSeconds(1);
        Assert.Equal(2, await SweeperAt(erasedAt).SweepOnceAsync(ct));
        Assert.Empty(await NamesAsync(host, ended, ct));
        Assert.Equal(["a1"], await NamesAsync(host, open, ct));
        var erased = (await complaints.GetEventsAsync(ended, 0, ct)).Select(e => e.Event).OfType<ComplaintEvent.AttachmentsErased>().Single();
        Assert.Equal(new ComplaintEvent.AttachmentsErased(2, erasedAt), erased);
        Assert.Equal(erasedAt, (await complaints.GetAsync(ended, ct))!.State.AttachmentsErasedAt);

        // A blob left after the erasure was recorded (a sweep that stopped between the two) goes at the next sweep,
        // without a second event.
        await store.UploadAsync(ended, "a3", "image/png", new MemoryStream(bytes), 1024 * 1024, ct);
        Assert.Equal(1, await SweeperAt(erasedAt.AddMinutes(15)).SweepOnceAsync(ct));
        Assert.Empty(await NamesAsync(host, ended, ct));
        Assert.Single((await complaints.GetEventsAsync(ended, 0, ct)).Select(e => e.Event).OfType<ComplaintEvent.AttachmentsErased>());
        Assert.Equal(["a1"], await NamesAsync(host, open, ct));
    }

    private static async Task<List<string>> NamesAsync(PipelineHost host, ComplaintId complaint, CancellationToken ct)
    {
        var container = host.Get<BlobServiceClient>().GetBlobContainerClient(host.Names.AttachmentsContainer);
        var names = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = complaint.Value + "/" }, ct))
        {
            names.Add(blob.Name[(complaint.Value.Length + 1)..]);
        }

        return [.. names.Order(StringComparer.Ordinal)];
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>Gives its bytes up to <c>failAt</c>, then fails as a broken connection would.</summary>
    private sealed class FailingStream(byte[] bytes, int failAt) : Stream
    {
        private int position;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (position >= failAt)
            {
                throw new IOException("The connection broke.");
            }

            var n = Math.Min(buffer.Length, Math.Min(failAt, bytes.Length) - position);
            bytes.AsMemory(position, n).CopyTo(buffer);
            position += n;
            return ValueTask.FromResult(n);
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => position; set => throw new NotSupportedException(); }

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

using System.Security.Cryptography;

namespace Complaints.Pipeline.Api;

/// <summary>The upload went past the size limit while it streamed.</summary>
public sealed class AttachmentTooLargeException : Exception
{
    public AttachmentTooLargeException() : base("The file is larger than the limit.") { }

    public AttachmentTooLargeException(string message) : base(message) { }

    public AttachmentTooLargeException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>The request body could not be read to its end (the client went away, or sent less than it announced).</summary>
public sealed class AttachmentBodyException : Exception
{
    public AttachmentBodyException() : base("The upload did not complete.") { }

    public AttachmentBodyException(string message) : base(message) { }

    public AttachmentBodyException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>
/// The request body as the blob upload reads it: the bytes already read to sniff the type, then the rest of the body,
/// counted and hashed (SHA-256) as they pass. Past <c>maxBytes</c> it throws <see cref="AttachmentTooLargeException"/>,
/// so the limit holds however the body is framed (Content-Length, chunked, or a length that lies); a failing read
/// of the body becomes <see cref="AttachmentBodyException"/>, told apart from a failure of storage.
/// </summary>
internal sealed class UploadStream(ReadOnlyMemory<byte> head, Stream body, long maxBytes) : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private int _headRead;

    /// <summary>Bytes read so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The SHA-256 of every byte read, lowercase hex (call once the stream is read to its end).</summary>
    public string Sha256() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int read;
        if (_headRead < head.Length)
        {
            read = Math.Min(buffer.Length, head.Length - _headRead);
            head.Slice(_headRead, read).CopyTo(buffer);
            _headRead += read;
        }
        else
        {
            try
            {
                // One byte more than the limit may be asked for, so a body of exactly the limit ends cleanly.
                var room = (int)Math.Min(buffer.Length, maxBytes + 1 - BytesRead);
                read = await body.ReadAsync(buffer[..Math.Max(room, 1)], cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw IsTooLarge(e) ? new AttachmentTooLargeException() : new AttachmentBodyException("The upload did not complete.", e);
            }
        }

        BytesRead += read;
        if (BytesRead > maxBytes)
        {
            throw new AttachmentTooLargeException();
        }

        _hash.AppendData(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override void Flush() { }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Kestrel's own body limit (413), should it be lower than ours.</summary>
    private static bool IsTooLarge(Exception e) => e is Microsoft.AspNetCore.Http.BadHttpRequestException { StatusCode: 413 };
}

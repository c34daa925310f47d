using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Humas.Bot.Tests.Support;

/// <summary>
/// The in-memory TestServer has no <see cref="IHttpMaxRequestBodySizeFeature"/>, so the body limits endpoints
/// name as metadata would bind nothing there. This gives it one that behaves as Kestrel's does: the routing
/// middleware sets it from the endpoint's metadata, a Content-Length over the limit is refused at the first
/// read and a longer body once the count passes it, both with a 413 <see cref="BadHttpRequestException"/>.
/// Under Kestrel (<see cref="LiveServer"/>) the server's own feature is there and this does nothing; the
/// BodyLimitTests show the same answers from Kestrel itself.
/// </summary>
internal sealed class TestServerBodyLimit : IStartupFilter
{
    /// <summary>Kestrel's default <c>MaxRequestBodySize</c>.</summary>
    private const long ServerDefault = 30_000_000;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((http, nextMiddleware) =>
        {
            if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is null)
            {
                var limit = new Limit();
                http.Features.Set<IHttpMaxRequestBodySizeFeature>(limit);
                http.Request.Body = new LimitedBody(http.Request.Body, limit, http.Request.ContentLength);
            }

            return nextMiddleware(http);
        });
        next(app);
    };

    private sealed class Limit : IHttpMaxRequestBodySizeFeature
    {
        private long? _max = ServerDefault;

        public bool IsReadOnly { get; set; }

        public long? MaxRequestBodySize
        {
            get => _max;
            set => _max = IsReadOnly ? throw new InvalidOperationException("The body is already being read.") : value;
        }
    }

    private sealed class LimitedBody(Stream inner, Limit limit, long? contentLength) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Start();
            return Count(inner.Read(buffer, offset, count));
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Start();
            return Count(await inner.ReadAsync(buffer, cancellationToken));
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private void Start()
        {
            limit.IsReadOnly = true;
            if (contentLength > limit.MaxRequestBodySize)
            {
                throw TooLarge();
            }
        }

        private int Count(int read)
        {
            _read += read;
            return _read > limit.MaxRequestBodySize ? throw TooLarge() : read;
        }

        private static BadHttpRequestException TooLarge() =>
            new("Request body too large.", StatusCodes.Status413PayloadTooLarge);
    }
}

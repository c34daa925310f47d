using Humas.Bot.Ingestion.Fetching;

namespace Humas.Bot.Tests.Support;

/// <summary>Serves fixture files for known URLs and a permanent 404 for the rest; remembers what was asked.</summary>
internal sealed class FakeSourceFetcher : ISourceFetcher
{
    private readonly Dictionary<string, string> files = new(StringComparer.Ordinal);

    public List<Uri> Requested { get; } = [];

    public FakeSourceFetcher Serve(string url, string fixture)
    {
        files[new Uri(url).AbsoluteUri] = fixture;
        return this;
    }

    public Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Requested.Add(request.Url);
        if (!files.TryGetValue(request.Url.AbsoluteUri, out var fixture))
        {
            throw new FetchException("HTTP 404 Not Found", permanent: true);
        }

        return Task.FromResult(new FetchResult(
            FetchStatus.Ok, Fixture.Bytes(fixture), "text/html; charset=utf-8", null, null, request.Url, null, null));
    }
}

namespace Humas.Bot.Ingestion.Fetching;
/// <summary>STUB replaced by the feeds branch.</summary>
public sealed class HttpSourceFetcher(HttpClient http, Microsoft.Extensions.Options.IOptions<IngestionOptions> options, TimeProvider time) : ISourceFetcher
{
    public static SocketsHttpHandler ConfigurePrimaryHandler() => new() { AllowAutoRedirect = false };
    public Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken) => throw new FetchException($"{http}{options}{time}{request}{cancellationToken}");
}

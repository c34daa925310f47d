using Humas.Bot.Ingestion.Model;
namespace Humas.Bot.Ingestion.Feeds;
/// <summary>STUB replaced by the feeds branch.</summary>
public sealed class FeedParser(Microsoft.Extensions.Options.IOptions<IngestionOptions> options, Humas.Bot.Ingestion.Text.NewsDateParser dates, TimeProvider time)
{
    public ParsedFeed Parse(byte[] body, Uri baseUri) => throw new FeedFormatException($"stub {body.Length} {baseUri} {options} {dates} {time}");
}
public sealed class FeedFormatException(string message) : Exception(message);

using Humas.Bot.Ingestion;
using Humas.Bot.Ingestion.Feeds;
using Humas.Bot.Ingestion.Text;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tests.Support;

public static class TestParsers
{
    public static FeedParser Feed(long maxBytes = 5 * 1024 * 1024) =>
        new(Options.Create(new IngestionOptions { MaxBytes = maxBytes }), new NewsDateParser(), new ArticleText(), TimeProvider.System);
}

using Humas.Bot.Ingestion;
using Humas.Bot.Ingestion.Fetching;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Tests.Support;

public static class TestFetchers
{
    public static HttpSourceFetcher Create(HttpClient client, long maxBytes = 5 * 1024 * 1024, int timeoutSeconds = 30, string userAgent = "HumasBot/1.0 (+https://github.com/humas-bot)") =>
        new(client, Options.Create(new IngestionOptions { MaxBytes = maxBytes, TimeoutSeconds = timeoutSeconds, UserAgent = userAgent }), TimeProvider.System);
}

using Humas.Bot.Cli;
using Humas.Bot.Host;
using Humas.Bot.Ingestion.Cli;
using Humas.Bot.Ingestion.Articles;
using Humas.Bot.Ingestion.Feeds;
using Humas.Bot.Ingestion.Fetching;
using Humas.Bot.Ingestion.Html;
using Humas.Bot.Ingestion.Polling;
using Humas.Bot.Ingestion.Sources;
using Humas.Bot.Ingestion.Text;

namespace Humas.Bot.Ingestion;

public static class IngestionRegistration
{
    public const string HttpClientName = "ingestion";

    /// <summary>Sources from configuration, feed and page readers, de-duplication and the poller.</summary>
    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions(IngestionOptions.Section, new IngestionOptionsValidator());
        services.AddValidatedOptions("", new SourcesOptionsValidator(), SourcesOptions.Bind)
            .PostConfigure<IConfiguration>((o, configuration) =>
            {
                if (configuration.GetValue<bool>("Demo:Enabled") && o.Sources.All(s => s.Id != SourcesOptions.DemoSource.Id))
                {
                    o.Sources.Add(SourcesOptions.DemoSource);
                }
            })
            .Validate(
            o => o.Sources.Select(s => s.Id).Distinct().Count() == o.Sources.Count,
            "Sources: two sources share one Id");

        // One long-lived client: the handler recycles its connections itself (PooledConnectionLifetime),
        // so the fetcher can be a singleton without going stale on DNS changes.
        services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var settings = sp.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<IngestionOptions>>();
                return HttpSourceFetcher.ConfigurePrimaryHandler(() => settings.CurrentValue.AllowPrivateNetworks);
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            // The fetcher enforces its own per-request timeout from IngestionOptions.
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<ISourceFetcher>(sp => ActivatorUtilities.CreateInstance<HttpSourceFetcher>(
            sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName)));

        services.AddSingleton<NewsDateParser>();
        services.AddSingleton<ArticleText>();
        services.AddSingleton<FeedParser>();
        services.AddSingleton<HtmlListingReader>();
        services.AddSingleton<ArticleDraftFactory>();
        services.AddSingleton<ArticleIngestor>();
        services.AddSingleton<SourceReader>();
        services.AddStartingPhase<SourceCatalog>();
        services.AddSingleton<PollSchedule>();
        services.AddSingleton<SourcePollJob>();
        services.AddSingleton<IngestionMetrics>();
        services.AddSingleton<IngestionTracing>();
        services.AddHostedService<SourcePoller>();
        services.AddSingleton<ICliCommand, SourcesCommand>();
        services.AddSingleton<ICliCommand, ArticlesCommand>();
        return builder;
    }
}

using System.Collections.Concurrent;
using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Humas.Bot.Host;
using Humas.Bot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Humas.Bot.Tests.Channels.Telegram;
using OpenTelemetry.Trace;
using Telegram.Bot;

namespace Humas.Bot.Tests.Host;

/// <summary>
/// The real host with <c>OpenTelemetry:OtlpEndpoint</c> pointing at a loopback collector, plus an in-memory
/// exporter to look at the spans. Activity listeners are process-wide and other tests run in parallel, so each
/// test keeps only the spans of its own trace.
/// </summary>
public sealed class TracingTests : IAsyncLifetime
{
    private const string Key = "cms-key-trace";

    // Longer than the shared default, as it always was here: the first span waits for the host's start-up.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private readonly SpanList _spans = new();
    private readonly ConcurrentQueue<string> _collected = new();
    private LoopbackServer _collector = null!;

    public async Task InitializeAsync() => _collector = await LoopbackServer.StartAsync(app =>
    {
        // An OTLP/HTTP collector only needs to accept the posts; what is in them is checked in memory.
        app.MapPost("/v1/{signal}", (string signal) =>
        {
            _collected.Enqueue(signal);
            return Results.Ok();
        });
        app.MapGet("/feed", () => Results.File(Fixture.PathOf("Feeds/rss2-setneg.xml"), "application/rss+xml"));
    });

    public async Task DisposeAsync() => await _collector.DisposeAsync();

    private HumasAppFactory App(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["OpenTelemetry:OtlpEndpoint"] = _collector.BaseUri.ToString(),
            ["Publishing:ApiKeys:0"] = Key,
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        return new HumasAppFactory(all, services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans)));
    }

    private Activity[] Trace(ActivityTraceId trace)
    {
        return _spans.Snapshot().Where(s => s.TraceId == trace).ToArray();
    }

    [Fact]
    public async Task A_published_article_is_a_span_under_the_publish_request_and_traces_go_to_the_collector()
    {
        var caller = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        using (var app = App())
        {
            var client = app.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/articles")
            {
                Content = JsonContent.Create(new
                {
                    institution = "setneg",
                    title = "Humas Kemensetneg Menjadi Narasumber Pelatihan Kehumasan Timor Leste",
                    url = "https://www.setneg.go.id/baca/index/pelatihan_kehumasan_timor_leste",
                    summary = "Pelatihan bagi pejabat dan pegawai.",
                    body = "<p>Pelatihan.</p>",
                }),
            };
            request.Headers.Add("X-Api-Key", Key);
            // The CMS that calls us is traced too: its context comes in as a W3C traceparent header.
            request.Headers.Add("traceparent", $"00-{caller}-{callerSpan}-01");
            var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

            // The server span ends once the response is complete, which the client may see a moment earlier.
            var server = await SpanAsync(s => s.TraceId == caller && s.Kind == ActivityKind.Server);
            var spans = Trace(caller);
            Assert.Equal(callerSpan, server.ParentSpanId);
            var article = Assert.Single(spans, s => s.OperationName == "ingestion.article");
            Assert.Equal(server.SpanId, article.ParentSpanId);
            Assert.Equal(id, article.GetTagItem("humas.article.id"));
            Assert.Equal("Created", article.GetTagItem("humas.article.result"));

            // The batch exporter posts every few seconds while the host runs. Not asserted after the host's dispose:
            // the SDK gives its flush on shutdown a fixed grace of a few seconds, which a loaded machine's first
            // export (its serialiser still being compiled) once overran, so the collector had nothing.
            await Eventually.UntilAsync(() => _collected.Contains("traces"), "the collector to receive traces", Patience);
        }
    }

    [Fact]
    public async Task Each_send_of_an_article_is_in_the_trace_of_its_ingestion_across_the_outbox_rows()
    {
        var caller = ActivityTraceId.CreateRandom();
        var channel = new Humas.Bot.Tests.Delivery.TestChannel(TimeProvider.System, "traced");
        var all = new Dictionary<string, string?>
        {
            ["OpenTelemetry:OtlpEndpoint"] = _collector.BaseUri.ToString(),
            ["Publishing:ApiKeys:0"] = Key,
        };
        using var app = new HumasAppFactory(all, services =>
        {
            services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans));
            services.AddSingleton<Humas.Bot.Delivery.Channels.IDeliveryChannel>(channel);
        });
        var subscriptions = app.Services.GetRequiredService<Humas.Bot.Subscriptions.SubscriptionService>();
        foreach (var reader in new[] { "a", "b" })
        {
            var conversation = await subscriptions.EnsureConversationAsync(new Humas.Bot.Subscriptions.ConversationAddress("traced", reader, Humas.Bot.Subscriptions.ConversationKind.Private, null));
            await subscriptions.SubscribeAsync(conversation.Id, Humas.Bot.Subscriptions.SubscriptionTarget.All, null);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/articles")
        {
            Content = JsonContent.Create(new
            {
                institution = "setneg", title = "Rapat koordinasi kehumasan", url = "https://www.setneg.go.id/baca/index/rakor_kehumasan_jejak",
                summary = "Rapat koordinasi.", body = "<p>Rapat.</p>",
            }),
        };
        request.Headers.Add("X-Api-Key", Key);
        request.Headers.Add("traceparent", $"00-{caller}-{ActivitySpanId.CreateRandom()}-01");
        var response = await app.CreateClient().SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        // The sends run in the dispatcher's worker, after the request has ended: only the stored traceparents join them to it.
        await SpanAsync(s => s.OperationName == "delivery.send" && Equals(s.GetTagItem("humas.article.id"), id) && s.TraceId == caller
                             && _spans.Snapshot().Count(o => o.OperationName == "delivery.send" && o.TraceId == caller) == 2);
        var spans = Trace(caller);
        var ingestion = Assert.Single(spans, s => s.OperationName == "ingestion.article");
        var fanOut = Assert.Single(spans, s => s.OperationName == "delivery.fan_out");
        Assert.Equal(ingestion.SpanId, fanOut.ParentSpanId);
        var sends = spans.Where(s => s.OperationName == "delivery.send").ToList();
        Assert.Equal(2, sends.Count);
        Assert.All(sends, s => Assert.Equal(fanOut.SpanId, s.ParentSpanId));
        Assert.All(sends, s => Assert.Equal("Sent", s.GetTagItem("humas.outcome")));
        Assert.Equal(2, channel.Delivered.Count);
    }

    [Fact]
    public async Task A_poll_is_a_trace_with_its_fetch_and_one_span_per_article()
    {
        using var app = App(new()
        {
            ["Ingestion:AllowPrivateNetworks"] = "true",
            ["Sources:0:Id"] = "traced-feed",
            ["Sources:0:Institution"] = "setneg",
            ["Sources:0:Name"] = "Traced feed",
            ["Sources:0:Url"] = _collector.Url("feed").ToString(),
            ["Sources:0:Kind"] = "Rss",
            ["Sources:0:AnnounceExistingOnFirstPoll"] = "true",
        });
        _ = app.Services; // starts the host, and so the poller

        var poll = await SpanAsync(s => s.OperationName == "ingestion.poll" && Equals(s.GetTagItem("humas.source.id"), "traced-feed"));

        var spans = Trace(poll.TraceId);
        Assert.Equal(default, poll.ParentSpanId);
        var fetch = Assert.Single(spans, s => s.Kind == ActivityKind.Client && s.ParentSpanId == poll.SpanId);
        Assert.EndsWith("/feed", (string?)fetch.GetTagItem("url.full"), StringComparison.Ordinal);
        var articles = spans.Where(s => s.OperationName == "ingestion.article").ToList();
        Assert.NotEmpty(articles);
        Assert.All(articles, a => Assert.Equal(poll.SpanId, a.ParentSpanId));
        Assert.Equal(articles.Count(a => Equals(a.GetTagItem("humas.article.result"), "Created")), poll.GetTagItem("humas.poll.created"));
    }

    [Fact]
    public async Task Telegram_calls_are_client_spans_whose_url_has_no_token()
    {
        await using var h = await TelegramClientHarness.StartAsync(configure: builder =>
        {
            builder.Configuration["OpenTelemetry:OtlpEndpoint"] = _collector.BaseUri.ToString();
            builder.AddObservability();
            builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans));
        });
        using var test = new ActivitySource("Humas.Bot.Tests.Tracing");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s == test,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        ActivityTraceId trace;
        using (var root = test.StartActivity("test")!)
        {
            trace = root.TraceId;
            await h.Client.SendMessage(14, "x");
        }

        var call = await SpanAsync(s => s.TraceId == trace && s.Kind == ActivityKind.Client);
        var secret = h.Fake.Token[(h.Fake.Token.IndexOf(':', StringComparison.Ordinal) + 1)..];
        Assert.Contains("/bot<redacted>/sendMessage", (string?)call.GetTagItem("url.full"), StringComparison.Ordinal);
        Assert.DoesNotContain(call.TagObjects, t => t.Value?.ToString()?.Contains(secret, StringComparison.Ordinal) == true);
        Assert.DoesNotContain(secret, call.DisplayName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_endpoint_there_is_no_tracer_provider_so_nothing_listens_and_no_span_is_even_created()
    {
        await using var off = new HumasAppFactory();
        await using var on = App();
        Assert.Null(off.Services.GetService<TracerProvider>());
        Assert.NotNull(on.Services.GetService<TracerProvider>());
    }

    /// <summary>Waits for a span (a condition, not a clock: a loaded machine may take long to start the host).</summary>
    private async Task<Activity> SpanAsync(Func<Activity, bool> match)
    {
        Activity? found = null;
        await Eventually.UntilAsync(() => (found = _spans.Snapshot().FirstOrDefault(match)) is not null, "the span", Patience);
        return found!;
    }

    [Theory]
    [InlineData("http://127.0.0.1:4318", "http://127.0.0.1:4318/")]
    [InlineData("http://127.0.0.1:4318/v1/metrics", "http://127.0.0.1:4318/")]
    [InlineData("https://otel.example.go.id/collector/v1/traces/", "https://otel.example.go.id/collector/")]
    [InlineData("", null)]
    [InlineData("ftp://127.0.0.1/", null)]
    public void The_endpoint_is_a_base_address_and_older_metrics_addresses_still_work(string setting, string? expected) =>
        Assert.Equal(expected, new ObservabilityOptions { OtlpEndpoint = setting }.OtlpBase?.ToString());

    /// <summary>The exporter adds from the worker that ended a span while the test reads.</summary>
    private sealed class SpanList : Collection<Activity>
    {
        public Activity[] Snapshot()
        {
            lock (this)
            {
                return [.. this];
            }
        }

        protected override void InsertItem(int index, Activity item)
        {
            lock (this)
            {
                base.InsertItem(index, item);
            }
        }
    }
}

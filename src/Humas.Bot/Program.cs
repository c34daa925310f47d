using Humas.Bot.Alerts;
using Humas.Bot.Admin;
using Humas.Bot.Channels.Teams;
using Humas.Bot.Channels.Telegram;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Channels.Web;
using Humas.Bot.Channels.WhatsApp;
using Humas.Bot.Channels.WhatsApp.Webhook;
using Humas.Bot.Delivery;
using Humas.Bot.Feedback;
using Humas.Bot.Host;
using Humas.Bot.Ingestion;
using Humas.Bot.Institutions;
using Humas.Bot.Links;
using Humas.Bot.Localization;
using Humas.Bot.Publishing;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tips;

var builder = HumasHost.CreateBuilder(args);
// Registration order matters in one place only: the start-up steps that must finish before any worker starts
// (StartingPhaseService) run in registration order, so AddStorage (migrations) comes before AddInstitutions (seeds
// the institutions), which comes before AddIngestion (syncs the configured sources, which name institutions).
// Elsewhere order is free: a default one part provides and another overrides (Delivery's reaction counts and
// article links) is added with TryAdd and replaced with RemoveAll/Replace, which gives the same result either way.
builder.AddForwardedHeaders(); // X-Forwarded-For/-Proto believed from ForwardedHeaders:KnownProxies/KnownNetworks only
builder.AddHttpRateLimits();  // ASP.NET Core's rate limiter; each part adds its partitioned limits
builder.AddObservability();   // metrics, OTLP export when configured
builder.AddLocalization();    // user-facing texts, Indonesian first, English beside them
builder.AddStorage();         // EF Core on SQLite or PostgreSQL, migrations at start
builder.AddInstitutions();    // institutions (tenants) in the database, seeded from configuration; directory, host map
builder.AddIngestion();       // sources, feed and page readers, de-duplication, poller
builder.AddPublishing();      // publish API keys
builder.AddSubscriptions();   // conversations and what they follow
builder.AddDelivery();        // fan-out, outbox dispatcher, rate limiters, digests, `deliveries` verbs
builder.AddFeedback();        // reactions: votes, tallies, counters under delivered messages, coalesced refresh
builder.AddLinks();           // PublicUrl, the counted "Baca selengkapnya" link per article and channel, click counts
builder.AddTips();            // tip flow, editors' queue, contributors, attachment fetcher, `tips` and `contributors` verbs
builder.AddAlerts();          // incidents (failing sources, stalled broadcasts, rejected tokens, disk, database) told once to editors and operators
builder.AddTelegram();        // Bot API client and delivery channel; off with a log line when Telegram:Token is empty
builder.AddTelegramInbound(); // updates (polling or webhook) into a durable inbox, commands, button presses
builder.AddTeams();           // Bot Framework: /api/messages with JWT validation, Connector client, cards, delivery channel; off when Teams:AppId is empty
builder.AddWhatsApp();        // Cloud API client, delivery channel, signed webhook into a durable inbox; off when WhatsApp:PhoneNumberId is empty
builder.AddWebChannel();      // website reactions widget, visitor ids, web chat channel (SSE, stored messages, tips with uploads)
builder.AddAdmin();           // editors' dashboard at /admin: accounts, pages, reports, live progress, `users` verb

var app = builder.Build();
app.UseForwardedHeaders();    // first: every limit, cookie and log below sees the client's address and scheme
app.UseSecurityHeaders();     // before anything that may answer: CSP and nosniff on every answer, pages' own (Host/SecurityHeaders)
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRateLimiter();
app.MapHealth();
app.MapPublishingApi();
app.MapFeedbackApi();
app.MapLinks();               // GET|HEAD /r/{token}: counted redirect to the article
app.MapTelegramWebhook();
app.MapTeamsMessages();
app.MapWhatsAppWebhook();     // GET handshake, POST signed webhooks
app.MapWebChannel();          // /widget/reactions.js, POST|DELETE /api/articles/{id}/reactions, /api/visitors, /chat
app.MapAdmin();               // /admin pages, sign-in, live progress stream
return await app.RunOrCliAsync(args);

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;

using System.Net;
using AngleSharp.Html.Parser;
using Humas.Bot.Admin.Accounts;
using Humas.Bot.Admin.Reports;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Feedback;
using Humas.Bot.Links;
using Humas.Bot.Localization;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.Admin;

/// <summary>
/// Reach, clicks, click-through rate, votes, engagement rate and opinion index per article, per institution and
/// month and in the monthly evaluation, from known rows, on both databases.
/// </summary>
public abstract class EngagementReportTests(DatabaseKind kind) : IDisposable
{
    private readonly HumasAppFactory _app = new(database: kind);
    private Guid _a, _b;

    public void Dispose() => _app.Dispose();

    private static DateTime Now => DateTime.UtcNow;

    private static Period ThisMonth
    {
        get
        {
            var local = JakartaTime.ToLocal(Now);
            return Period.Month(local.Year, local.Month);
        }
    }

    /// <summary>
    /// setneg A (this month): sent to 8 readers (one more gave up), 3 of them read receipts, 3 clicks on Telegram and 1 on the web today,
    /// votes Suka, Bermanfaat, Biasa saja, Tidak suka. kemensos B (this month): no sends, one Khawatir. setneg C
    /// (40 days ago): 5 clicks 40 days ago, which belong to an earlier month.
    /// </summary>
    private async Task SeedAsync()
    {
        await using var db = _app.CreateDbContext();
        _a = (await AdminSeed.ArticleAsync(db, "setneg", "Rakor Kontributor Berita", publishedAt: Now)).Id;
        _b = (await AdminSeed.ArticleAsync(db, "kemensos", "Bansos Tahap IV", publishedAt: Now)).Id;
        var c = (await AdminSeed.ArticleAsync(db, "setneg", "Berita lama", publishedAt: Now.AddDays(-40))).Id;
        for (var i = 0; i < 9; i++)
        {
            var chat = new Conversation { Channel = "nowhere", ExternalId = $"r{i}", Kind = ConversationKind.Private, CreatedAt = Now, UpdatedAt = Now };
            db.Add(chat);
            await db.SaveChangesAsync();
            var sent = i < 8;
            db.Add(new DeliveryRecord
            {
                Kind = DeliveryKind.Article, ArticleId = _a, ConversationId = chat.Id, State = sent ? DeliveryState.Sent : DeliveryState.GaveUp,
                CreatedAt = Now, UpdatedAt = Now, NextAttemptAt = Now, SentAt = sent ? Now : null,
                ReadAt = i < 3 ? Now : null,
            });
        }

        var today = DateOnly.FromDateTime(JakartaTime.ToLocal(Now));
        async Task ClicksAsync(Guid article, string channel, DateOnly day, int clicks)
        {
            var link = new ArticleLink { Token = Guid.NewGuid().ToString("N")[..12], ArticleId = article, Channel = channel, CreatedAt = Now };
            db.Add(link);
            await db.SaveChangesAsync();
            db.Add(new ArticleClickDay { LinkId = link.Id, Day = day, Clicks = clicks });
            await db.SaveChangesAsync();
        }

        await ClicksAsync(_a, "telegram", today, 3);
        await ClicksAsync(_a, "web", today, 1);
        await ClicksAsync(c, "telegram", today.AddDays(-40), 5);

        var reactions = _app.Services.GetRequiredService<IReactionService>();
        await reactions.VoteAsync(_a, "telegram:1", 1, default);
        await reactions.VoteAsync(_a, "telegram:2", 2, default);
        await reactions.VoteAsync(_a, "teams:3", 3, default);
        await reactions.VoteAsync(_a, "web:4", 5, default);
        await reactions.VoteAsync(_b, "telegram:1", 4, default);
    }

    private EngagementQueries Engagement => _app.Services.GetRequiredService<EngagementQueries>();

    [Fact]
    public async Task Per_article_reach_clicks_and_votes_make_the_rates_and_the_opinion_index()
    {
        await SeedAsync();

        var rows = await Engagement.ArticlesAsync(ThisMonth, 100, default);

        var a = rows.Single(r => r.ArticleId == _a);
        Assert.Equal((8, 4, 0.5, 4, 1.0, 25.0), (a.Reach, a.Clicks, a.ClickThroughRate, a.Votes, a.EngagementRate, a.OpinionIndex));
        Assert.Equal(3, a.WhatsAppReads);
        var b = rows.Single(r => r.ArticleId == _b);
        Assert.Null(b.WhatsAppReads);
        Assert.Equal((0, 0, (double?)null, 1, (double?)null, -100.0), (b.Reach, b.Clicks, b.ClickThroughRate, b.Votes, b.EngagementRate, b.OpinionIndex));
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public async Task Per_institution_and_month_counts_what_happened_in_the_month()
    {
        await SeedAsync();

        var rows = await Engagement.MonthlyAsync(ThisMonth, default);

        var month = JakartaTime.ToLocal(Now).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var setneg = rows.Single(r => r.InstitutionId == "setneg");
        Assert.Equal((month, 1, 8, 4, 0.5, 4, 25.0), (setneg.Month, setneg.Articles, setneg.Reach, setneg.Clicks, setneg.ClickThroughRate, setneg.Votes, setneg.OpinionIndex));
        var kemensos = rows.Single(r => r.InstitutionId == "kemensos");
        Assert.Equal((1, 0, 0, 1, -100.0), (kemensos.Articles, kemensos.Reach, kemensos.Clicks, kemensos.Votes, kemensos.OpinionIndex));
        Assert.Equal((3, (int?)null), (setneg.WhatsAppReads, kemensos.WhatsAppReads));

        var before = Period.Month(JakartaTime.ToLocal(Now).AddDays(-40).Year, JakartaTime.ToLocal(Now).AddDays(-40).Month);
        var old = (await Engagement.MonthlyAsync(before, default)).Single(r => r.InstitutionId == "setneg");
        Assert.Equal((5, 0, (double?)null), (old.Clicks, old.Reach, old.ClickThroughRate));
    }

    [Fact]
    public async Task The_monthly_evaluation_carries_clicks_and_the_rates()
    {
        await SeedAsync();
        var local = JakartaTime.ToLocal(Now);

        var report = await _app.Services.GetRequiredService<ReportQueries>().EvaluationAsync("setneg", local.Year, local.Month, default);

        Assert.NotNull(report);
        Assert.Equal((8, 4, 0.5, 1.0, 25.0), (report.Engagement.Reach, report.Engagement.Clicks, report.Engagement.ClickThroughRate, report.Engagement.EngagementRate, report.Engagement.OpinionIndex));
        var csv = ReportQueries.EvaluationCsv(report).ToDictionary(r => r.Metric, r => r.Value);
        Assert.Equal(("8", "4", "0.5", "1", "25"), (csv["reach"], csv["clicks"], csv["click_through_rate"], csv["engagement_rate"], csv["opinion_index"]));
    }

    [Theory]
    [InlineData(null, "–")]
    [InlineData(25.0, "+25")]
    [InlineData(-100.0, "−100")]
    [InlineData(0.0, "0")]
    [InlineData(33.333, "+33.3")]
    public void The_opinion_index_is_shown_signed(double? index, string shown) => Assert.Equal(shown, Humas.Bot.Admin.Reports.Engagement.FormatIndex(index));
}

public sealed class EngagementReportTestsOnSqlite() : EngagementReportTests(DatabaseKind.Sqlite);

public sealed class EngagementReportTestsOnPostgres() : EngagementReportTests(DatabaseKind.Postgres);

/// <summary>The same numbers on the reports page, the article page and in their CSV files.</summary>
public sealed class EngagementPageTests : IDisposable
{
    private readonly AdminHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task The_reports_page_and_the_article_page_show_the_numbers_with_their_definitions_and_the_csv_has_them()
    {
        Guid article;
        await using (var db = _h.App.CreateDbContext())
        {
            article = (await AdminSeed.ArticleAsync(db, "setneg", "Rakor Kontributor Berita")).Id;
            for (var i = 0; i < 4; i++)
            {
                var chat = new Conversation { Channel = "nowhere", ExternalId = $"r{i}", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
                db.Add(chat);
                await db.SaveChangesAsync();
                db.Add(new DeliveryRecord
                {
                    Kind = DeliveryKind.Article, ArticleId = article, ConversationId = chat.Id, State = DeliveryState.Sent,
                    CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow, NextAttemptAt = DateTime.UtcNow, SentAt = DateTime.UtcNow,
                });
            }

            var link = new ArticleLink { Token = "AbCdEfGhIjKl", ArticleId = article, Channel = "telegram", CreatedAt = DateTime.UtcNow };
            db.Add(link);
            await db.SaveChangesAsync();
            db.Add(new ArticleClickDay { LinkId = link.Id, Day = DateOnly.FromDateTime(JakartaTime.ToLocal(DateTime.UtcNow)), Clicks = 1 });
            await db.SaveChangesAsync();
        }

        await _h.App.Services.GetRequiredService<IReactionService>().VoteAsync(article, "telegram:1", 4, default);
        var client = await _h.SignedInAsync("pemantau@setneg.go.id", AdminRole.Viewer);
        var parser = new HtmlParser();

        var reports = parser.ParseDocument(await client.GetStringAsync("/admin/laporan"));
        var row = reports.QuerySelector($"#engagement-articles tr[data-article-id='{article}']")!;
        Assert.Equal(["4", "1", "25%", "1", "50%", "−100"], new[] { "reach", "clicks", "ctr", "votes", "engagement", "opinion" }.Select(f => row.QuerySelector($"[data-field={f}]")!.TextContent));
        Assert.Contains("–", row.TextContent, StringComparison.Ordinal);
        var definitions = reports.QuerySelector("#engagement-definitions")!.TextContent;
        Assert.Contains("Positif: Suka dan Bermanfaat; negatif: Khawatir dan Tidak suka; Biasa saja netral", definitions, StringComparison.Ordinal);
        Assert.Contains("Klik ÷ jangkauan.", definitions, StringComparison.Ordinal);
        Assert.NotNull(reports.QuerySelector("#engagement-monthly tr[data-institution='setneg']"));

        var page = parser.ParseDocument(await client.GetStringAsync($"/admin/artikel/{article}"));
        Assert.Equal("25%", page.QuerySelector("#article-engagement [data-field=ctr]")!.TextContent);
        Assert.Equal("1", page.QuerySelector("#clicks-by-channel tr[data-channel=telegram] td")!.TextContent);

        var csv = (await client.GetStringAsync("/admin/ekspor/kinerja-artikel.csv")).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("ArticleId,Title,InstitutionId,PublishedAt,Reach,Clicks,ClickThroughRate,Votes,EngagementRate,OpinionIndex,WhatsAppReads,TelegramChannelViews", csv[0]);
        Assert.EndsWith(",setneg," + csv[1].Split(',')[3] + ",4,1,0.25,1,0.5,-100,,", csv[1], StringComparison.Ordinal);
        var monthly = (await client.GetStringAsync("/admin/ekspor/kinerja-bulanan.csv")).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("InstitutionId,Month,Articles,Reach,Clicks,ClickThroughRate,Votes,EngagementRate,OpinionIndex,WhatsAppReads,TelegramChannelViews", monthly[0]);
        Assert.Contains(monthly, l => l.StartsWith("setneg,", StringComparison.Ordinal) && l.EndsWith(",1,4,1,0.25,1,0.5,-100,,", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/ekspor/kinerja-bulanan.csv?institution=setneg")).StatusCode);
    }
}

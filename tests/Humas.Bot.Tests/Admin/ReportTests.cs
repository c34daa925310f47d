using System.Globalization;
using System.Net;
using System.Text;
using Humas.Bot.Admin.Accounts;
using Humas.Bot.Admin.Reports;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Feedback;
using Humas.Bot.Feedback.Model;
using Humas.Bot.Localization;
using Humas.Bot.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Admin;

/// <summary>The reports' numbers from known rows, and the CSV files the editors download.</summary>
public sealed class ReportTests : IDisposable
{
    private readonly AdminHarness _h = new();
    private Guid _setnegA, _setnegB, _kemensos;

    public void Dispose() => _h.Dispose();

    /// <summary>
    /// setneg: A (Kehumasan) 2x Suka + 1x Bermanfaat, B (no category) 1x Khawatir; kemensos (Bansos) 1x Suka and
    /// one vote of 40 days ago (outside the default 30-day period). Three Telegram chats (one 40 days old, one
    /// blocked) and one web visitor; A was sent to two chats and given up for one.
    /// </summary>
    private async Task SeedAsync()
    {
        await using (var db = _h.App.CreateDbContext())
        {
            _setnegA = (await AdminSeed.ArticleAsync(db, "setneg", "Rakor Kontributor Berita", "Kehumasan")).Id;
            _setnegB = (await AdminSeed.ArticleAsync(db, "setneg", "Pelatihan Kehumasan Timor Leste")).Id;
            _kemensos = (await AdminSeed.ArticleAsync(db, "kemensos", "Rakornas Kehumasan Kemensos", "Bansos")).Id;
        }

        var reactions = _h.App.Services.GetRequiredService<IReactionService>();
        await reactions.VoteAsync(_setnegA, "telegram:1", 1, default);
        await reactions.VoteAsync(_setnegA, "telegram:2", 1, default);
        await reactions.VoteAsync(_setnegA, "web:3", 2, default);
        await reactions.VoteAsync(_setnegB, "telegram:1", 4, default);
        await reactions.VoteAsync(_kemensos, "telegram:1", 1, default);
        await reactions.VoteAsync(_kemensos, "telegram:9", 5, default);

        await using var db2 = _h.App.CreateDbContext();
        var old = DateTime.UtcNow.AddDays(-40);
        await db2.Set<Vote>().Where(v => v.VoterKey == "telegram:9").ExecuteUpdateAsync(u => u.SetProperty(v => v.UpdatedAt, old));
        Conversation Chat(string channel, string id, DateTime created, ConversationStatus status = ConversationStatus.Active) =>
            new() { Channel = channel, ExternalId = id, Kind = ConversationKind.Private, Status = status, CreatedAt = created, UpdatedAt = created };
        var chats = new[]
        {
            Chat("telegram", "100", old), Chat("telegram", "101", DateTime.UtcNow), Chat("telegram", "102", DateTime.UtcNow, ConversationStatus.Blocked),
            Chat("web", "v-1", DateTime.UtcNow),
        };
        db2.AddRange(chats);
        await db2.SaveChangesAsync();
        DeliveryRecord Delivery(long chat, DeliveryState state) => new()
        {
            Kind = DeliveryKind.Article, ArticleId = _setnegA, ConversationId = chat, State = state, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            // A pending row is due tomorrow: the host's dispatcher runs beside the test and would send one due now.
            NextAttemptAt = state == DeliveryState.Pending ? DateTime.UtcNow.AddDays(1) : DateTime.UtcNow,
            SentAt = state == DeliveryState.Sent ? DateTime.UtcNow : null,
        };
        db2.AddRange(Delivery(chats[0].Id, DeliveryState.Sent), Delivery(chats[1].Id, DeliveryState.Sent), Delivery(chats[2].Id, DeliveryState.GaveUp),
            Delivery(chats[3].Id, DeliveryState.Pending));
        await db2.SaveChangesAsync();
    }

    private ReportQueries Reports => _h.App.Services.GetRequiredService<ReportQueries>();

    private static Period Last30Days => Period.Parse(null, null, DateTime.UtcNow);

    [Fact]
    public async Task Reactions_per_institution_and_category_count_the_votes_of_the_period()
    {
        await SeedAsync();

        var byInstitution = await Reports.ReactionsByInstitutionAsync(Last30Days, default);
        var byCategory = await Reports.ReactionsByCategoryAsync(Last30Days, default);

        Assert.Equal([new ReactionRow("setneg", 2, 1, 0, 1, 0), new ReactionRow("kemensos", 1, 0, 0, 0, 0)], byInstitution);
        Assert.Equal([new ReactionRow("Kehumasan", 2, 1, 0, 0, 0), new ReactionRow("-", 0, 0, 0, 1, 0), new ReactionRow("Bansos", 1, 0, 0, 0, 0)], byCategory);
        var wide = Period.Parse(DateTime.UtcNow.AddDays(-60).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null, DateTime.UtcNow);
        Assert.Equal(2, (await Reports.ReactionsByInstitutionAsync(wide, default)).Single(r => r.Group == "kemensos").Total);
    }

    [Fact]
    public async Task Top_articles_growth_and_delivery_success_add_up()
    {
        await SeedAsync();

        var top = await Reports.TopArticlesAsync(Last30Days, default);
        Assert.Equal([(_setnegA, 3, 2), (_setnegB, 1, 0), (_kemensos, 1, 0)], top.Select(t => (t.ArticleId, t.Reactions, t.Sent)).ToList());

        var growth = await Reports.SubscriberGrowthAsync(Last30Days, default);
        var lastTelegram = growth.Last(g => g.Channel == "telegram");
        Assert.Equal((3, 2), (lastTelegram.Total, growth.Where(g => g.Channel == "telegram").Sum(g => g.New)));
        Assert.Equal(30, growth.Count(g => g.Channel == "web"));

        var delivery = await Reports.DeliverySuccessAsync(Last30Days, default);
        var telegram = delivery.Single(d => d.Channel == "telegram");
        Assert.Equal((3, 2, 1, 0), (telegram.Planned, telegram.Sent, telegram.Failed, telegram.Pending));
        Assert.Equal(2.0 / 3, telegram.SuccessRate, 5);
        Assert.Equal((1, 1), (delivery.Single(d => d.Channel == "web").Planned, delivery.Single(d => d.Channel == "web").Pending));
    }

    [Fact]
    public async Task The_monthly_evaluation_sums_one_institutions_month()
    {
        await SeedAsync();
        var month = JakartaTime.ToLocal(DateTime.UtcNow);

        var report = (await Reports.EvaluationAsync("setneg", month.Year, month.Month, default))!;

        Assert.Equal((2, 2, 1, 2), (report.Articles, report.DeliveriesSent, report.DeliveriesFailed, report.ReadersReached));
        Assert.Equal((4, 0.75), (report.Reactions.Total, report.PositiveShare));
        Assert.Equal(_setnegA, report.TopArticles[0].ArticleId);
        Assert.Null(await Reports.EvaluationAsync("nope", month.Year, month.Month, default));
        var csv = ReportQueries.EvaluationCsv(report);
        Assert.Contains(csv, r => r is { Metric: "reactions_total", Value: "4" });
        Assert.Contains(csv, r => r is { Metric: "reactions_positive_share", Value: "0.75" });
    }

    [Fact]
    public async Task Web_votes_are_reported_beside_the_chat_channels_so_a_stuffed_widget_cannot_pass_for_readers()
    {
        await SeedAsync();
        var reactions = _h.App.Services.GetRequiredService<Humas.Bot.Feedback.IReactionService>();
        for (var i = 0; i < 20; i++)
        {
            await reactions.VoteAsync(_kemensos, $"web:{i:x32}", 5, default);
        }

        var byChannel = await Reports.ReactionsByChannelAsync(Last30Days, default);
        var client = await _h.SignedInAsync("pembaca@setneg.go.id", AdminRole.Viewer);
        var page = await client.GetStringAsync("/admin/laporan");
        var csv = await client.GetStringAsync("/admin/ekspor/reaksi-kanal.csv");

        Assert.Equal([new ReactionRow("web", 0, 1, 0, 0, 20), new ReactionRow("telegram", 3, 0, 0, 1, 0)], byChannel);
        Assert.Contains("id=\"report-channels\"", page, StringComparison.Ordinal);
        Assert.Contains("web,0,1,0,0,20,21", csv, StringComparison.Ordinal);
        Assert.Contains("telegram,3,0,0,1,0,4", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_report_downloads_as_CSV_with_a_header_and_the_same_numbers()
    {
        await SeedAsync();
        var client = await _h.SignedInAsync("pembaca@setneg.go.id", AdminRole.Viewer);

        var response = await client.GetAsync("/admin/ekspor/reaksi-instansi.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("reactions-by-institution_", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName, StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["Group,Option1,Option2,Option3,Option4,Option5,Total", "setneg,2,1,0,1,0,4", "kemensos,1,0,0,0,0,1"], lines);

        foreach (var (name, header) in new[]
        {
            ("reaksi-kategori", "Group,Option1"), ("artikel-teratas", "ArticleId,Title,InstitutionId,Category,PublishedAt,Reactions,Sent,Read"),
            ("pertumbuhan-pelanggan", "Day,Channel,New,Total"), ("keberhasilan-pengiriman", "Channel,Planned,Sent,Failed,Skipped,Cancelled,Pending,SuccessRate"),
            ("pelanggan", "Id,Channel,ExternalId,Title,Status,Language,DeliveryMode,Follows,CreatedAt"),
        })
        {
            var text = await client.GetStringAsync($"/admin/ekspor/{name}.csv");
            Assert.StartsWith(header, text.TrimStart('\uFEFF'), StringComparison.Ordinal);
        }

        var top = await client.GetStringAsync("/admin/ekspor/artikel-teratas.csv");
        Assert.Contains($"{_setnegA},Rakor Kontributor Berita,setneg,Kehumasan,", top, StringComparison.Ordinal);
        var subscribers = await client.GetStringAsync("/admin/ekspor/pelanggan.csv?channel=web");
        Assert.Equal(2, subscribers.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        var month = JakartaTime.ToLocal(DateTime.UtcNow);
        var evaluation = await client.GetStringAsync($"/admin/ekspor/evaluasi.csv?institution=setneg&year={month.Year}&month={month.Month}");
        Assert.Contains("setneg," + month.ToString("yyyy-MM", CultureInfo.InvariantCulture) + ",articles_published,2", evaluation, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/ekspor/tidak-ada.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/ekspor/evaluasi.csv?institution=nope")).StatusCode);
    }

    [Fact]
    public async Task A_title_that_a_spreadsheet_would_run_as_a_formula_is_escaped()
    {
        await using (var db = _h.App.CreateDbContext())
        {
            var article = await AdminSeed.ArticleAsync(db, "setneg", "=HYPERLINK(\"http://evil\",\"klik\")");
            await _h.App.Services.GetRequiredService<IReactionService>().VoteAsync(article.Id, "telegram:1", 1, default);
        }

        var csv = Encoding.UTF8.GetString(CsvFiles.Write(await Reports.TopArticlesAsync(Last30Days, default)));

        // The field is quoted (it holds quotes and commas) and starts with the escape, so Excel shows it as text.
        Assert.Contains(",\"'=HYPERLINK(", csv, StringComparison.Ordinal);
    }

    [Fact]
    public void A_period_is_at_most_a_year_and_bad_dates_fall_back_to_30_days()
    {
        var now = new DateTime(2026, 11, 22, 3, 0, 0, DateTimeKind.Utc);
        Assert.Equal(new Period(new DateOnly(2026, 10, 24), new DateOnly(2026, 11, 22)), Period.Parse("bukan-tanggal", null, now));
        Assert.Equal(Period.MaxDays, Period.Parse("2020-01-01", "2026-11-22", now).Days);
        Assert.Equal(new Period(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 5)), Period.Parse("2026-11-05", "2026-11-01", now));
        Assert.Equal(new DateTime(2026, 10, 31, 17, 0, 0, DateTimeKind.Utc), Period.Month(2026, 11).FromUtc);
    }
}

using System.Net;
using AngleSharp.Html.Parser;
using Humas.Bot.Admin.Accounts;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Tests.Admin;

/// <summary>The article page's per-recipient log and its CSV, through the real host and a signed-in viewer.</summary>
public sealed class DeliveryLogPageTests : IDisposable
{
    private readonly AdminHarness _h = new();

    public void Dispose() => _h.Dispose();

    /// <summary>
    /// Deliveries on channels no adapter serves, due in an hour, so the dispatcher leaves them as they are: a sent
    /// one, a given-up one with its error, and <paramref name="pending"/> pending ones on "teams".
    /// </summary>
    private async Task<Guid> SeedAsync(int pending = 2)
    {
        await using var db = _h.App.CreateDbContext();
        var articleId = (await AdminSeed.ArticleAsync(db, "kominfo", "Sinergi")).Id;
        var now = DateTime.UtcNow;
        async Task AddAsync(string channel, string externalId, string? title, DeliveryState state, int attempts, string? error)
        {
            var chat = new Conversation { Channel = channel, ExternalId = externalId, Title = title, CreatedAt = now, UpdatedAt = now };
            db.Add(chat);
            await db.SaveChangesAsync();
            db.Add(new DeliveryRecord
            {
                Kind = DeliveryKind.Article, ArticleId = articleId, ConversationId = chat.Id, State = state, Attempts = attempts, LastError = error,
                CreatedAt = now, UpdatedAt = now, NextAttemptAt = now.AddHours(1), SentAt = state == DeliveryState.Sent ? now : null,
            });
            await db.SaveChangesAsync();
        }

        await AddAsync("nowhere-tg", "1001", "Budi", DeliveryState.Sent, 1, null);
        await AddAsync("nowhere-tg", "1002", null, DeliveryState.GaveUp, 5, "Bad Request: =cmd|' /C calc'!A0");
        for (var i = 0; i < pending; i++)
        {
            await AddAsync("nowhere-teams", $"19:chat{i}", null, DeliveryState.Pending, 0, null);
        }

        return articleId;
    }

    [Fact]
    public async Task The_article_page_lists_each_recipient_and_filters_by_state_and_channel()
    {
        var articleId = await SeedAsync();
        var client = await _h.SignedInAsync("pemantau@kominfo.go.id", AdminRole.Viewer);
        var parser = new HtmlParser();

        var all = parser.ParseDocument(await client.GetStringAsync($"/admin/artikel/{articleId}"));
        var rows = all.QuerySelectorAll("#delivery-log-table tbody tr");
        Assert.Equal(4, rows.Length);
        var gaveUp = rows.Single(r => r.GetAttribute("data-state") == "gave-up");
        Assert.Contains("1002", gaveUp.TextContent, StringComparison.Ordinal);
        Assert.Contains("Bad Request", gaveUp.TextContent, StringComparison.Ordinal);
        Assert.Contains(">5<", gaveUp.InnerHtml, StringComparison.Ordinal);
        Assert.Contains("Budi", rows.Single(r => r.GetAttribute("data-state") == "sent").TextContent, StringComparison.Ordinal);
        Assert.Equal(["", "nowhere-teams", "nowhere-tg"], all.QuerySelectorAll("#log-channel option").Select(o => o.GetAttribute("value")));

        var failed = parser.ParseDocument(await client.GetStringAsync($"/admin/artikel/{articleId}?state=gave-up"));
        Assert.Equal(["gave-up"], failed.QuerySelectorAll("#delivery-log-table tbody tr").Select(r => r.GetAttribute("data-state")));
        Assert.Equal("gave-up", failed.QuerySelector("#log-state option[selected]")?.GetAttribute("value"));
        Assert.Contains("state=gave-up", failed.QuerySelector("#csv-deliveries")?.GetAttribute("href"), StringComparison.Ordinal);

        var teams = parser.ParseDocument(await client.GetStringAsync($"/admin/artikel/{articleId}?channel=nowhere-teams"));
        Assert.All(teams.QuerySelectorAll("#delivery-log-table tbody tr"), r => Assert.Equal("pending", r.GetAttribute("data-state")));
        Assert.Equal(2, teams.QuerySelectorAll("#delivery-log-table tbody tr").Length);
    }

    [Fact]
    public async Task A_long_log_is_paged_and_the_pager_keeps_the_filter()
    {
        var articleId = await SeedAsync(pending: 60);
        var client = await _h.SignedInAsync("pemantau@kominfo.go.id", AdminRole.Viewer);
        var parser = new HtmlParser();

        var first = parser.ParseDocument(await client.GetStringAsync($"/admin/artikel/{articleId}?state=pending"));
        Assert.Equal(50, first.QuerySelectorAll("#delivery-log-table tbody tr").Length);
        var next = first.QuerySelector("#delivery-log a[rel=next]")?.GetAttribute("href");
        Assert.Equal("?state=pending&logpage=2#delivery-log", next);
        Assert.NotNull(next);
        var second = parser.ParseDocument(await client.GetStringAsync($"/admin/artikel/{articleId}{next[..next.IndexOf('#', StringComparison.Ordinal)]}"));
        Assert.Equal(10, second.QuerySelectorAll("#delivery-log-table tbody tr").Length);
        Assert.Null(second.QuerySelector("#delivery-log a[rel=next]"));
        Assert.Contains("60", second.QuerySelector("#log-count")?.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_csv_has_every_filtered_recipient_with_formulas_escaped()
    {
        var articleId = await SeedAsync();
        var client = await _h.SignedInAsync("pemantau@kominfo.go.id", AdminRole.Viewer);

        var response = await client.GetAsync($"/admin/ekspor/pengiriman.csv?article={articleId}&state=gave-up");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("DeliveryId,Channel,Recipient,RecipientName,State,Attempts,PlannedAt,ChangedAt,SentAt,NextAttemptAt,LastError", lines[0]);
        var row = Assert.Single(lines[1..]);
        Assert.Contains(",nowhere-tg,1002,,gave-up,5,", row, StringComparison.Ordinal);
        // A spreadsheet must not run the error text as a formula.
        Assert.DoesNotContain(",=cmd", row, StringComparison.Ordinal);

        var all = await client.GetStringAsync($"/admin/ekspor/pengiriman.csv?article={articleId}");
        Assert.Equal(5, all.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/admin/ekspor/pengiriman.csv?article={Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/ekspor/pengiriman.csv?article=not-a-guid")).StatusCode);
    }

    [Fact]
    public async Task The_log_and_its_csv_need_a_signed_in_account()
    {
        var articleId = await SeedAsync();
        var anonymous = _h.Client();

        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync($"/admin/artikel/{articleId}?state=gave-up")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync($"/admin/ekspor/pengiriman.csv?article={articleId}")).StatusCode);
    }
}

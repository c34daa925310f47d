using System.Net;
using AngleSharp.Html.Parser;
using Humas.Bot.Admin.Accounts;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Feedback.Model;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Admin;

namespace Humas.Bot.Tests.Tenancy;

/// <summary>
/// Another institution's national item, as an institution's editors see it: in their article list, labelled as from
/// the national coordinator, and on its page read-only with its reach among their own subscribers only (deliveries,
/// reads, reactions), never another institution's figures; national accounts see the per-institution table.
/// </summary>
public sealed class NationalItemsForInstitutionsTests : IDisposable
{
    private readonly AdminHarness _h = new();

    public void Dispose() => _h.Dispose();

    private Task<HttpClient> SignedInAsync(string email, AdminRole role, params string[] institutions) =>
        _h.SignedInAsync(email, role, institutions);

    /// <summary>
    /// A kominfo national item and an ordinary kominfo article. kemensos: two readers, both sent, one read, one vote.
    /// setneg: three readers, two sent, one given up, two votes (figures kemensos must never see: 3 planned, 2 votes).
    /// </summary>
    private async Task<(Guid National, Guid Ordinary)> SeedAsync()
    {
        await using var db = _h.App.CreateDbContext();
        await AdminSeed.InstitutionsAsync(db, "kemensos", "setneg", "kominfo");
        var national = await AdminSeed.ArticleAsync(db, "kominfo", "Arahan Presiden untuk seluruh kementerian");
        national.National = true;
        var ordinary = await AdminSeed.ArticleAsync(db, "kominfo", "Rapat internal kominfo");
        var now = DateTime.UtcNow;
        var readers = new[] { ("k1", "kemensos"), ("k2", "kemensos"), ("s1", "setneg"), ("s2", "setneg"), ("s3", "setneg") }
            .Select(r => (Conversation: new Conversation { Channel = "test", ExternalId = r.Item1, CreatedAt = now, UpdatedAt = now }, Institution: r.Item2)).ToList();
        db.AddRange(readers.Select(r => r.Conversation));
        await db.SaveChangesAsync();
        foreach (var (conversation, institution) in readers)
        {
            db.Add(new Subscription { ConversationId = conversation.Id, Target = SubscriptionTarget.Institution, Value = institution });
            var sent = conversation.ExternalId != "s3";
            db.Add(new DeliveryRecord
            {
                Kind = DeliveryKind.Article, ArticleId = national.Id, ConversationId = conversation.Id, CreatedAt = now, UpdatedAt = now, NextAttemptAt = now,
                State = sent ? DeliveryState.Sent : DeliveryState.GaveUp, SentAt = sent ? now : null, ReadAt = conversation.ExternalId == "k1" ? now : null,
            });
        }

        foreach (var voter in new[] { "k1", "s1", "s3" })
        {
            db.Add(new Vote { ArticleId = national.Id, VoterKey = "test:" + voter, OptionId = 1, CreatedAt = now, UpdatedAt = now });
        }

        // A vote by someone who follows nothing counts for no institution.
        db.Add(new Vote { ArticleId = national.Id, VoterKey = "test:stranger", OptionId = 2, CreatedAt = now, UpdatedAt = now });
        await db.SaveChangesAsync();
        return (national.Id, ordinary.Id);
    }

    private static List<(string? Institution, string Readers, string Planned, string Read, string Reactions)> ReachRows(string html) =>
        new HtmlParser().ParseDocument(html).QuerySelectorAll("#national-reach tbody tr").Select(r => (
            r.GetAttribute("data-institution"),
            r.QuerySelector("[data-field=readers]")!.TextContent,
            r.QuerySelector("[data-field=planned]")!.TextContent,
            r.QuerySelector("[data-field=read]")!.TextContent,
            r.QuerySelector("[data-field=reactions]")!.TextContent)).ToList();

    [Fact]
    public async Task An_institutions_editor_sees_another_institutions_national_item_read_only_with_only_its_own_reach()
    {
        var (national, ordinary) = await SeedAsync();
        var kemensos = await SignedInAsync("redaktur@kemensos.go.id", AdminRole.Editor, "kemensos");

        var page = await kemensos.GetAsync($"/admin/artikel/{national}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Berita nasional dari Koordinator Nasional", html, StringComparison.Ordinal);
        Assert.Equal([("kemensos", "2", "2", "1", "1")], ReachRows(html));
        // Nothing of the item's totals or of the other institutions: no per-channel table, log, engagement or reactions chart, no actions.
        var document = new HtmlParser().ParseDocument(html);
        foreach (var selector in new[] { "#channel-progress", "#delivery-log", "#article-engagement", "#reaction-chart", "#article-recall", "#article-cancel", "#article-national", "[data-institution=setneg]" })
        {
            Assert.Null(document.QuerySelector(selector));
        }

        // Its actions and its delivery log's CSV stay out of reach, as for any article of another institution.
        foreach (var handler in new[] { "Recall", "Correct", "Cancel" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await AdminHarness.PostFormAsync(kemensos, "/admin", $"/admin/artikel/{national}?handler={handler}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await kemensos.GetAsync($"/admin/ekspor/pengiriman.csv?article={national}")).StatusCode);
        // The publishing institution's ordinary article is still 404.
        Assert.Equal(HttpStatusCode.NotFound, (await kemensos.GetAsync($"/admin/artikel/{ordinary}")).StatusCode);

        // In its article list, under the national items, with its own figures: 2 of 2 sent, 1 reaction.
        var list = new HtmlParser().ParseDocument(await kemensos.GetStringAsync("/admin/artikel"));
        var row = list.QuerySelector($"#national-items tr[data-article-id='{national}']");
        Assert.NotNull(row);
        Assert.Equal("true", row.GetAttribute("data-national"));
        Assert.Contains("2 / 2", row.TextContent, StringComparison.Ordinal);
        Assert.Null(list.QuerySelector($"tr[data-article-id='{ordinary}']"));

        // The setneg editor sees setneg's figures, and a national account every institution's.
        var setneg = await SignedInAsync("redaktur@setneg.go.id", AdminRole.Editor, "setneg");
        Assert.Equal([("setneg", "2", "3", "0", "2")], ReachRows(await setneg.GetStringAsync($"/admin/artikel/{national}")));
        var coordinator = await SignedInAsync("koordinator@kominfo.go.id", AdminRole.Viewer);
        Assert.Equal([("kemensos", "2", "2", "1", "1"), ("setneg", "2", "3", "0", "2")], ReachRows(await coordinator.GetStringAsync($"/admin/artikel/{national}")).OrderBy(r => r.Institution));
        Assert.Null(new HtmlParser().ParseDocument(await coordinator.GetStringAsync("/admin/artikel")).QuerySelector("#national-items"));
    }

    [Fact]
    public async Task The_publishing_institutions_editor_sees_its_national_item_in_full_but_the_reach_table_only_for_itself()
    {
        var (national, _) = await SeedAsync();
        var kominfo = await SignedInAsync("redaktur@kominfo.go.id", AdminRole.Editor, "kominfo", "kemensos");

        var html = await kominfo.GetStringAsync($"/admin/artikel/{national}");

        Assert.NotNull(new HtmlParser().ParseDocument(html).QuerySelector("#delivery-log"));
        Assert.Equal([("kemensos", "2", "2", "1", "1")], ReachRows(html));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Humas.Bot.Conversations.Commands;
using Humas.Bot.Institutions;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Channels.Web;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Institutions;

/// <summary>
/// The readers' institution menu with hundreds of institutions, through a real channel (the web chat): paged with
/// ◀ ▶, narrowed by typing part of a name, every button's data within Telegram's 64 bytes.
/// </summary>
public sealed class InstitutionMenuTests : IDisposable
{
    private const int Provinces = 38;
    private readonly WebHost _web;

    public InstitutionMenuTests()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Institutions:0:Id"] = "kemensos",
            ["Institutions:0:Name"] = "Kementerian Sosial",
            ["Institutions:1:Id"] = "kemenkes",
            ["Institutions:1:Name"] = "Kementerian Kesehatan",
        };
        for (var i = 0; i < Provinces; i++)
        {
            settings[$"Institutions:{i + 2}:Id"] = $"prov-{i:D2}";
            settings[$"Institutions:{i + 2}:Name"] = $"Pemerintah Provinsi {i:D2}";
        }

        _web = new WebHost(settings);
    }

    public void Dispose() => _web.Dispose();

    [Fact]
    public async Task The_menu_pages_through_every_institution_and_each_button_fits_64_bytes()
    {
        var visitor = await _web.NewVisitorAsync();
        var seen = new List<string>();
        var menu = Last(await PostAsync(visitor, "/send", new { text = "/langganan" }));
        Assert.Contains(SubscriptionActions.All, Actions(menu));
        for (var pages = 1; ; pages++)
        {
            Assert.All(Actions(menu), a => Assert.True(Encoding.UTF8.GetByteCount(a) <= 64, a));
            var institutions = Actions(menu).Where(a => a.StartsWith(SubscriptionActions.Institution, StringComparison.Ordinal)).ToList();
            Assert.InRange(institutions.Count, 1, InstitutionMenu.PageSize);
            seen.AddRange(institutions);
            var next = Actions(menu).SingleOrDefault(a => a == InstitutionMenu.PageAction(pages, null));
            if (next is null)
            {
                Assert.Equal((Provinces + 2 + InstitutionMenu.PageSize - 1) / InstitutionMenu.PageSize, pages);
                break;
            }

            menu = Last(await PostAsync(visitor, "/button", new { action = next }));
        }

        Assert.Equal(Provinces + 2, seen.Distinct().Count());
    }

    [Fact]
    public async Task Typing_part_of_a_name_finds_the_institution_and_a_tap_follows_it()
    {
        var visitor = await _web.NewVisitorAsync();

        var found = Last(await PostAsync(visitor, "/send", new { text = "sosial" }));
        Assert.Equal([SubscriptionActions.Institution + "kemensos"], Actions(found).Where(a => a.StartsWith(SubscriptionActions.Institution, StringComparison.Ordinal)));
        Assert.Contains("Kementerian Sosial", Labels(found));

        await PostAsync(visitor, "/button", new { action = SubscriptionActions.Institution + "kemensos" });
        await using (var db = _web.App.CreateDbContext())
        {
            var conversation = await db.Set<Conversation>().SingleAsync(c => c.Channel == "web");
            Assert.Contains(await db.Set<Subscription>().Where(s => s.ConversationId == conversation.Id).ToListAsync(),
                s => s.Target == SubscriptionTarget.Institution && s.Value == "kemensos");
        }

        // The command with part of a name does the same, case aside; a page of matches pages within the matches.
        var provinces = Last(await PostAsync(visitor, "/send", new { text = "/langganan PROVINSI" }));
        Assert.All(Actions(provinces).Where(a => a.StartsWith(SubscriptionActions.Institution, StringComparison.Ordinal)), a => Assert.StartsWith("sub:i:prov-", a, StringComparison.Ordinal));
        var next = Actions(provinces).Single(a => a.StartsWith("sub:p:1", StringComparison.Ordinal));
        Assert.Equal(InstitutionMenu.PageAction(1, "provinsi"), next);
        var second = Last(await PostAsync(visitor, "/button", new { action = next }));
        Assert.All(Actions(second).Where(a => a.StartsWith(SubscriptionActions.Institution, StringComparison.Ordinal)), a => Assert.StartsWith("sub:i:prov-", a, StringComparison.Ordinal));

        // Words that name nothing are not searches: the usual hint.
        var chatter = Last(await PostAsync(visitor, "/send", new { text = "terima kasih" }));
        Assert.DoesNotContain(Actions(chatter), a => a.StartsWith(SubscriptionActions.Institution, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_disabled_institution_is_not_offered_and_cannot_be_followed_by_name()
    {
        await _web.Get<InstitutionEditor>().SetDisabledAsync("kemenkes", true, "admin@kominfo.go.id", default);
        var visitor = await _web.NewVisitorAsync();

        var search = Last(await PostAsync(visitor, "/send", new { text = "/langganan kementerian" }));
        Assert.Equal([SubscriptionActions.Institution + "kemensos"], Actions(search).Where(a => a.StartsWith(SubscriptionActions.Institution, StringComparison.Ordinal)));

        await PostAsync(visitor, "/send", new { text = "/langganan kemenkes" });
        await using var db = _web.App.CreateDbContext();
        Assert.DoesNotContain(await db.Set<Subscription>().ToListAsync(), s => s.Value == "kemenkes");
    }

    [Fact]
    public void A_long_search_is_cut_to_fit_the_button_data_on_a_character_boundary()
    {
        var action = InstitutionMenu.PageAction(12, new string('é', 60));
        Assert.True(Encoding.UTF8.GetByteCount(action) <= 64);
        Assert.StartsWith("sub:p:12:é", action, StringComparison.Ordinal);
        Assert.Equal("sub:p:3", InstitutionMenu.PageAction(3, null));
    }

    [Fact]
    public void The_tip_flows_picker_pages_fit_the_button_data_with_the_tip_prefix_and_read_back()
    {
        var actions = Humas.Bot.Tips.Flow.TipInstitutionQuestion.Actions;
        var action = InstitutionPicker.PageAction(actions, 12, new string('é', 60));

        Assert.True(Encoding.UTF8.GetByteCount(CommandService.TipActionPrefix + action) <= 64);
        Assert.True(InstitutionPicker.TryReadPage(actions, action, out var page, out var search));
        Assert.Equal(12, page);
        Assert.StartsWith("éé", search, StringComparison.Ordinal);
        Assert.False(InstitutionPicker.TryReadPage(actions, "in:kemensos", out _, out _));
        Assert.False(InstitutionPicker.Fits(actions, new string('a', 60)));
    }

    private async Task<JsonElement[]> PostAsync(string visitor, string path, object body)
    {
        var response = await _web.SendAsync(HttpMethod.Post, "/chat/api" + path, visitor, JsonContent.Create(body));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await WebHost.JsonAsync(response)).GetProperty("messages").EnumerateArray().ToArray();
    }

    private static JsonElement Last(JsonElement[] messages) => messages[^1];

    private static IEnumerable<JsonElement> Buttons(JsonElement envelope) =>
        envelope.GetProperty("message").TryGetProperty("buttons", out var rows) ? rows.EnumerateArray().SelectMany(r => r.EnumerateArray()) : [];

    private static List<string> Actions(JsonElement envelope) => Buttons(envelope).Select(b => b.GetProperty("action").GetString()!).ToList();

    private static string Labels(JsonElement envelope) => string.Join("|", Buttons(envelope).Select(b => b.GetProperty("label").GetString()));
}

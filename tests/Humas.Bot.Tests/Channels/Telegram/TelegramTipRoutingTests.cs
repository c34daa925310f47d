using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Humas.Bot.Admin.Accounts;
using Humas.Bot.Alerts;
using Humas.Bot.FakePlatforms.Telegram;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Support;
using Humas.Bot.Tips.Contributors;
using Humas.Bot.Tips.Model;
using Humas.Bot.Tests.Admin;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>
/// Tips reach the right editors, end to end against the fake Bot API: the test host's institutions (setneg,
/// kemensos, kominfo), kemensos and kominfo with editors' groups of their own, the global group for the rest.
/// A citizen is asked which institution the tip is for; a contributor's tip goes to their invite's institution;
/// a group decides only its own institution's tips.
/// </summary>
public sealed class TelegramTipRoutingTests
{
    private const long GlobalGroup = -1_001_000_000_001;
    private const long KemensosGroup = -1_001_000_000_002;
    private const long KominfoGroup = -1_001_000_000_003;
    private static int _presses;

    private static Task<TelegramBotHarness> StartAsync() => TelegramBotHarness.StartAsync(settings: new Dictionary<string, string?>
    {
        ["Telegram:EditorsChatId"] = Id(GlobalGroup),
        ["Institutions:1:Telegram:EditorsChatId"] = Id(KemensosGroup),
        ["Institutions:2:Telegram:EditorsChatId"] = Id(KominfoGroup),
    });

    [Fact]
    public async Task A_citizens_tip_asks_its_institution_with_search_and_reaches_only_that_institutions_group()
    {
        await using var h = await StartAsync();
        const long citizen = 9101;

        h.PushMessage(citizen, "/usulan");
        var question = await WaitForTextAsync(h, citizen, "Usulan ini untuk instansi mana?");
        var offered = Buttons(question).Select(b => b.Data).ToList();
        Assert.Contains("t:in:kemensos", offered);
        Assert.Contains("t:in:kominfo", offered);
        Assert.Contains("t:in:setneg", offered);
        Assert.Contains("t:is", offered);
        Assert.Contains("t:cancel", offered);

        // Typing part of a name narrows the list.
        h.PushMessage(citizen, "sosial");
        var results = await WaitForTextAsync(h, citizen, "Instansi yang cocok dengan \"sosial\" (1)");
        Assert.Equal(["t:in:kemensos", "t:is", "t:cancel"], Buttons(results).Select(b => b.Data));

        Press(h, citizen, "t:in:kemensos", citizen);
        await WaitForTextAsync(h, citizen, "Usulan Anda akan diteruskan ke Kementerian Sosial.");
        var (ticket, tipId) = await FinishTipAsync(h, citizen, "Bantuan sosial tidak sampai ke warga desa");

        var post = await WaitForTextAsync(h, KemensosGroup, "Usulan baru " + ticket);
        using (var db = h.Db())
        {
            Assert.Equal("kemensos", db.Set<Tip>().AsNoTracking().Single(t => t.Id == tipId).InstitutionId);
            // The notices are written in the tip's transaction: no row for another group means none will ever go there.
            Assert.False(db.Set<Conversation>().Any(c => c.Channel == "telegram" && (c.ExternalId == Id(KominfoGroup) || c.ExternalId == Id(GlobalGroup))));
        }

        Assert.DoesNotContain(h.SentTo(KominfoGroup).Concat(h.SentTo(GlobalGroup)), r => r.Text!.Contains(ticket, StringComparison.Ordinal));

        // Another institution's group may not decide it: "not found" there, and the tip stays new.
        PressInGroup(h, KominfoGroup, $"e:accept:{tipId}", post, "x-kominfo");
        await Eventually.UntilAsync(() => h.Fake.RequestsFor("answerCallbackQuery").Any(r => r.CallbackQueryId == "x-kominfo"), "the refusal");
        Assert.Contains("Usulan tidak ditemukan", h.Fake.RequestsFor("answerCallbackQuery").Single(r => r.CallbackQueryId == "x-kominfo").Text, StringComparison.Ordinal);
        using (var db = h.Db())
        {
            Assert.Equal(TipState.New, db.Set<Tip>().AsNoTracking().Single(t => t.Id == tipId).State);
        }

        // Its own group decides it.
        PressInGroup(h, KemensosGroup, $"e:accept:{tipId}", post, "x-kemensos");
        await Eventually.UntilAsync(() =>
        {
            using var db = h.Db();
            return db.Set<Tip>().AsNoTracking().Single(t => t.Id == tipId).State == TipState.Accepted;
        }, "the tip to be accepted from its institution's group");
    }

    [Fact]
    public async Task A_contributors_tip_goes_to_the_institution_of_their_invite_without_a_question()
    {
        await using var h = await StartAsync();
        const long contributor = 9102;
        var invite = await h.App.Services.GetRequiredService<ContributorRegistry>().CreateInviteAsync("kominfo", "Biro Humas", 1, 7, CancellationToken.None);
        h.PushMessage(contributor, "/daftar " + invite.Code);
        await WaitForTextAsync(h, contributor, "Biro Humas");

        h.PushMessage(contributor, "/usulan");
        await WaitForTextAsync(h, contributor, "Ceritakan apa yang terjadi");
        Assert.DoesNotContain(h.SentTo(contributor), r => r.Text!.Contains("instansi mana", StringComparison.Ordinal));
        var (ticket, tipId) = await FinishTipAsync(h, contributor, "Sinyal internet hilang di kecamatan kami");

        await WaitForTextAsync(h, KominfoGroup, "Usulan baru " + ticket);
        using var db = h.Db();
        Assert.Equal("kominfo", db.Set<Tip>().AsNoTracking().Single(t => t.Id == tipId).InstitutionId);
        Assert.False(db.Set<Conversation>().Any(c => c.Channel == "telegram" && (c.ExternalId == Id(KemensosGroup) || c.ExternalId == Id(GlobalGroup))));
    }

    [Fact]
    public async Task A_citizen_who_picks_an_institution_without_a_group_reaches_the_global_group()
    {
        await using var h = await StartAsync();
        const long citizen = 9103;

        h.PushMessage(citizen, "/usulan");
        await WaitForTextAsync(h, citizen, "Usulan ini untuk instansi mana?");
        Press(h, citizen, "t:in:setneg", citizen);
        await WaitForTextAsync(h, citizen, "Usulan Anda akan diteruskan ke Kementerian Sekretariat Negara.");
        var (ticket, _) = await FinishTipAsync(h, citizen, "Jalan nasional berlubang di depan kantor");

        await WaitForTextAsync(h, GlobalGroup, "Usulan baru " + ticket);
    }

    [Fact]
    public async Task A_group_set_on_the_dashboard_receives_the_institutions_next_tip_at_once_and_clearing_it_falls_back_to_the_global_group()
    {
        await using var h = await StartAsync();
        const long setnegGroup = -1_001_000_000_004;
        var admin = await NationalAdminAsync(h);

        // setneg has no group of its own in configuration; a national admin gives it one, no restart.
        var set = await AdminHarness.PostFormAsync(admin, "/admin/lembaga", "/admin/lembaga?handler=Chats",
            new() { ["id"] = "setneg", ["telegram.EditorsChatId"] = Id(setnegGroup) });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, set.StatusCode);
        // setneg's alerts go to the same group (the alert chats ask the same resolver).
        Assert.Equal([Id(setnegGroup)], AlertChatsOfSetneg(h));

        var (first, firstId) = await CitizenTipForSetnegAsync(h, 9104, "Antrean layanan publik mengular sejak pagi");
        var post = await WaitForTextAsync(h, setnegGroup, "Usulan baru " + first);
        Assert.DoesNotContain(h.SentTo(GlobalGroup), r => r.Text!.Contains(first, StringComparison.Ordinal));

        // Its new group decides its tips; the global group no longer does.
        PressInGroup(h, setnegGroup, $"e:accept:{firstId}", post, "x-setneg");
        await Eventually.UntilAsync(() =>
        {
            using var db = h.Db();
            return db.Set<Tip>().AsNoTracking().Single(t => t.Id == firstId).State == TipState.Accepted;
        }, "the tip to be accepted from the group set on the dashboard");

        // Cleared on the dashboard: the global group serves setneg again, at once.
        var cleared = await AdminHarness.PostFormAsync(admin, "/admin/lembaga", "/admin/lembaga?handler=Chats",
            new() { ["id"] = "setneg", ["telegram.EditorsChatId"] = "" });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, cleared.StatusCode);
        Assert.Equal([Id(GlobalGroup)], AlertChatsOfSetneg(h));

        var (second, _) = await CitizenTipForSetnegAsync(h, 9105, "Lampu jalan padam di depan istana");
        await WaitForTextAsync(h, GlobalGroup, "Usulan baru " + second);
        Assert.DoesNotContain(h.SentTo(setnegGroup), r => r.Text!.Contains(second, StringComparison.Ordinal));
    }

    private async Task<(string Ticket, long TipId)> CitizenTipForSetnegAsync(TelegramBotHarness h, long citizen, string story)
    {
        h.PushMessage(citizen, "/usulan");
        await WaitForTextAsync(h, citizen, "Usulan ini untuk instansi mana?");
        Press(h, citizen, "t:in:setneg", citizen);
        await WaitForTextAsync(h, citizen, "Usulan Anda akan diteruskan ke Kementerian Sekretariat Negara.");
        return await FinishTipAsync(h, citizen, story);
    }

    private static string[] AlertChatsOfSetneg(TelegramBotHarness h) =>
        h.App.Services.GetServices<IAlertDelivery>()
            .SelectMany(d => d.ChatsFor(new AlertRecipient(AlertAudience.InstitutionEditors, "setneg")))
            .Where(a => a.Channel == "telegram")
            .Select(a => a.ExternalId)
            .ToArray();

    /// <summary>A national admin signed in to the host's dashboard.</summary>
    private static async Task<HttpClient> NationalAdminAsync(TelegramBotHarness h)
    {
        await h.App.Services.GetRequiredService<AdminAccounts>().AddAsync("operator@kominfo.go.id", AdminRole.Admin, AdminHarness.Password, [], CancellationToken.None);
        var client = h.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await AdminHarness.SignInAsync(client, "operator@kominfo.go.id", AdminHarness.Password)).StatusCode);
        return client;
    }

    /// <summary>The story, then Selesai, no contact, Kirim; returns the ticket.</summary>
    internal static async Task<(string Ticket, long TipId)> FinishTipAsync(TelegramBotHarness h, long chat, string story)
    {
        h.PushMessage(chat, story);
        foreach (var action in new[] { "t:done", "t:skip", "t:send" })
        {
            Press(h, chat, action, chat);
        }

        var receipt = await WaitForTextAsync(h, chat, "USL-");
        var ticket = System.Text.RegularExpressions.Regex.Match(receipt.Text!, @"USL-\d{6}-\d{4,}").Value;
        using var db = h.Db();
        return (ticket, (await db.Set<Tip>().AsNoTracking().SingleAsync(t => t.Ticket == ticket)).Id);
    }

    internal static void Press(TelegramBotHarness h, long user, string data, long chat) =>
        h.Push(TelegramBotHarness.CallbackQuery($"c-{Interlocked.Increment(ref _presses)}", user, data, chat));

    private static void PressInGroup(TelegramBotHarness h, long group, string data, RecordedRequest post, string id) => h.Push(new JsonObject
    {
        ["callback_query"] = new JsonObject
        {
            ["id"] = id,
            ["from"] = TelegramBotHarness.User(7101, first: "Sari"),
            ["chat_instance"] = "editors",
            ["data"] = data,
            ["message"] = new JsonObject
            {
                ["message_id"] = post.MessageId,
                ["date"] = 1_795_000_000,
                ["chat"] = TelegramBotHarness.Chat(group),
                ["text"] = System.Net.WebUtility.HtmlDecode(post.Text),
            },
        },
    });

    internal static async Task<RecordedRequest> WaitForTextAsync(TelegramBotHarness h, long chat, string contains)
    {
        RecordedRequest? found = null;
        await Eventually.UntilAsync(
            () => (found = h.SentTo(chat).FirstOrDefault(r => r.Text?.Contains(contains, StringComparison.Ordinal) == true)) is not null,
            $"\"{contains}\" in chat {chat}");
        return found!;
    }

    private static List<(string Label, string Data)> Buttons(RecordedRequest post)
    {
        Assert.NotNull(post.ReplyMarkupJson);
        using var json = JsonDocument.Parse(post.ReplyMarkupJson);
        return json.RootElement.GetProperty("inline_keyboard").EnumerateArray()
            .SelectMany(row => row.EnumerateArray())
            .Select(b => (b.GetProperty("text").GetString()!, b.GetProperty("callback_data").GetString()!))
            .ToList();
    }

    internal static string Id(long chat) => chat.ToString(CultureInfo.InvariantCulture);
}

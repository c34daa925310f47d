using System.Text.Json.Nodes;
using Humas.Bot.Institutions;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using static Humas.Bot.Tests.Channels.Telegram.TelegramTipRoutingTests;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>
/// An editors' group Telegram upgrades to a supergroup, end to end against the strict fake Bot API: an institution's
/// stored editors' chat is changed to the supergroup's id (from the upgrade's service messages, or from a notice
/// refused with migrate_to_chat_id), the next tip's notice reaches the supergroup, a repeated message changes
/// nothing, another group's move touches no editors' chat, and a chat named in configuration gets a warning.
/// </summary>
public sealed class TelegramEditorsChatMoveTests
{
    private const long GlobalGroup = -4_100;
    private const long KemensosGroup = -4_102;
    private const long KominfoGroup = -4_103;
    private const long KemensosSupergroup = -1_009_000_000_102;

    private static Task<TelegramBotHarness> StartAsync(FakeLogCollector? logs = null) => TelegramBotHarness.StartAsync(
        services: logs is null ? null : s => s.AddSingleton<ILoggerProvider>(new FakeLoggerProvider(logs)),
        settings: new Dictionary<string, string?>
        {
            ["Telegram:EditorsChatId"] = Id(GlobalGroup),
            ["Institutions:1:Telegram:EditorsChatId"] = Id(KemensosGroup),
            ["Institutions:2:Telegram:EditorsChatId"] = Id(KominfoGroup),
        });

    [Fact]
    public async Task An_institutions_group_upgraded_to_a_supergroup_is_stored_under_its_new_id_and_receives_the_next_tip_there()
    {
        await using var h = await StartAsync();

        // Telegram tells of one upgrade twice: in the old group, and in the new supergroup.
        h.Push(Migrate(KemensosGroup, to: KemensosSupergroup));
        h.Push(MigrateFrom(KemensosSupergroup, from: KemensosGroup));
        await Eventually.UntilAsync(() => Stored(h, "kemensos") == Id(KemensosSupergroup), "kemensos's stored chat to follow the move");
        // The snapshot the resolvers read is reloaded with the change, not at its next refresh.
        await Eventually.UntilAsync(
            () => h.App.Services.GetRequiredService<InstitutionChatMap>().Of("telegram").Single(i => i.InstitutionId == "kemensos")["EditorsChatId"] == Id(KemensosSupergroup),
            "the chat map to see the move");
        Assert.Equal(Id(KominfoGroup), Stored(h, "kominfo"));

        var (ticket, _) = await KemensosTipAsync(h, 9201, "Bantuan sembako belum dibagikan");
        await WaitForTextAsync(h, KemensosSupergroup, "Usulan baru " + ticket);
        Assert.Empty(h.SentTo(KemensosGroup));
        Assert.DoesNotContain(h.SentTo(GlobalGroup).Concat(h.SentTo(KominfoGroup)), r => r.Text!.Contains(ticket, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_repeated_upgrade_message_changes_nothing()
    {
        var logs = new FakeLogCollector();
        await using var h = await StartAsync(logs);
        h.Push(Migrate(KemensosGroup, to: KemensosSupergroup));
        await h.WaitUntilHandledAsync(1);
        Assert.Equal(Id(KemensosSupergroup), Stored(h, "kemensos"));
        var recorded = MovedAt(h, KemensosGroup);

        // Both of Telegram's messages again (a redelivery, a second instance's copy): same move, nothing rewritten.
        h.Push(Migrate(KemensosGroup, to: KemensosSupergroup));
        h.Push(MigrateFrom(KemensosSupergroup, from: KemensosGroup));
        await h.WaitUntilHandledAsync(3);
        Assert.Equal(Id(KemensosSupergroup), Stored(h, "kemensos"));
        Assert.Equal(recorded, MovedAt(h, KemensosGroup));
        Assert.Single(logs.GetSnapshot(), r => r.Message.Contains("Institutions:1:Telegram:EditorsChatId", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_notice_refused_with_migrate_to_chat_id_reaches_the_supergroup_and_the_next_goes_there_directly(bool supergroupKnown)
    {
        await using var h = await StartAsync();
        // The bot missed the upgrade's messages: Telegram answers the old id with 400 migrate_to_chat_id.
        h.Fake.Migrate(KemensosGroup, KemensosSupergroup);
        if (supergroupKnown)
        {
            // An editor already spoke to the bot in the supergroup: a conversation lives at the new id before the notice moves.
            h.PushMessage(KemensosSupergroup, "/bantuan", userId: 7101);
            await h.ReplyAsync(KemensosSupergroup);
        }

        var (first, _) = await KemensosTipAsync(h, 9202, "Jembatan desa retak");
        await WaitForTextAsync(h, KemensosSupergroup, "Usulan baru " + first);
        await Eventually.UntilAsync(() => Stored(h, "kemensos") == Id(KemensosSupergroup), "the refused send to move kemensos's stored chat");

        var (second, _) = await KemensosTipAsync(h, 9203, "Air bersih belum mengalir");
        await WaitForTextAsync(h, KemensosSupergroup, "Usulan baru " + second);
        // One refused attempt at the old id in all: the second notice went to the supergroup at once.
        Assert.Single(h.Fake.RequestsFor("sendMessage"), r => r.ChatId == KemensosGroup);
    }

    [Fact]
    public async Task Another_groups_upgrade_leaves_the_editors_chats_alone()
    {
        await using var h = await StartAsync();
        h.Push(Migrate(-4_199, to: -1_009_000_000_199));
        await Eventually.UntilAsync(
            () => h.App.Services.GetRequiredService<ChatMoves>().Current("telegram", "-4199") == "-1009000000199", "the move to be recorded");

        Assert.Equal(Id(KemensosGroup), Stored(h, "kemensos"));
        Assert.Equal(Id(KominfoGroup), Stored(h, "kominfo"));
        var (ticket, _) = await KemensosTipAsync(h, 9204, "Pasar tradisional kebanjiran");
        await WaitForTextAsync(h, KemensosGroup, "Usulan baru " + ticket);
    }

    [Fact]
    public async Task Only_a_move_the_national_bot_saw_rewrites_a_stored_group_and_a_topic_of_it_counts_as_the_group()
    {
        await using var h = await StartAsync();
        var follow = h.App.Services.GetRequiredService<InstitutionChatMoves>();

        // An institution's own bot reports the move: editors' groups are reached through the national bot, so nothing changes.
        Assert.Empty(await follow.FollowAsync("telegram", "kemensos", Id(KemensosGroup), Id(KemensosSupergroup), CancellationToken.None));
        Assert.Equal(Id(KemensosGroup), Stored(h, "kemensos"));

        // The national bot's conversation in a topic of the group: the group moved.
        Assert.Equal(["kemensos"], await follow.FollowAsync("telegram", "", Id(KemensosGroup) + ":7", Id(KemensosSupergroup), CancellationToken.None));
        Assert.Equal(Id(KemensosSupergroup), Stored(h, "kemensos"));
        Assert.Equal(Id(KominfoGroup), Stored(h, "kominfo"));
    }

    [Fact]
    public async Task The_national_editors_group_from_configuration_is_followed_and_the_operator_is_told_the_setting_to_change()
    {
        var logs = new FakeLogCollector();
        await using var h = await StartAsync(logs);
        const long supergroup = -1_009_000_000_100;
        h.Push(Migrate(GlobalGroup, to: supergroup));

        await Eventually.UntilAsync(
            () => logs.GetSnapshot().Any(r => r.Level == LogLevel.Warning && r.Message.Contains("Telegram:EditorsChatId", StringComparison.Ordinal)
                && r.Message.Contains(Id(supergroup), StringComparison.Ordinal)),
            "the warning naming the setting and the new id");
        Assert.Equal(Id(KemensosGroup), Stored(h, "kemensos"));

        // setneg has no group of its own: its tips go to the national group, now the supergroup.
        h.PushMessage(9205, "/usulan");
        await WaitForTextAsync(h, 9205, "Usulan ini untuk instansi mana?");
        Press(h, 9205, "t:in:setneg", 9205);
        await WaitForTextAsync(h, 9205, "Kementerian Sekretariat Negara.");
        var (ticket, _) = await FinishTipAsync(h, 9205, "Trotoar rusak di depan kantor");
        await WaitForTextAsync(h, supergroup, "Usulan baru " + ticket);
        Assert.Empty(h.SentTo(GlobalGroup));
    }

    private static async Task<(string Ticket, long TipId)> KemensosTipAsync(TelegramBotHarness h, long citizen, string story)
    {
        h.PushMessage(citizen, "/usulan");
        await WaitForTextAsync(h, citizen, "Usulan ini untuk instansi mana?");
        Press(h, citizen, "t:in:kemensos", citizen);
        await WaitForTextAsync(h, citizen, "Usulan Anda akan diteruskan ke Kementerian Sosial.");
        return await FinishTipAsync(h, citizen, story);
    }

    private static string? Stored(TelegramBotHarness h, string institution)
    {
        using var db = h.Db();
        return db.Set<InstitutionChatSetting>().AsNoTracking()
            .SingleOrDefault(s => s.InstitutionId == institution && s.Channel == "telegram" && s.Name == "EditorsChatId")?.Value;
    }

    private static DateTime MovedAt(TelegramBotHarness h, long from)
    {
        using var db = h.Db();
        return db.Set<ChatMove>().AsNoTracking().Single(m => m.Channel == "telegram" && m.FromExternalId == Id(from)).MovedAt;
    }

    /// <summary>The service message in the old group: it is now <paramref name="to"/>.</summary>
    private static JsonObject Migrate(long group, long to)
    {
        var message = TelegramBotHarness.Message(group, 7101, null);
        message.Remove("text");
        message["migrate_to_chat_id"] = to;
        return new JsonObject { ["message"] = message };
    }

    /// <summary>The service message in the new supergroup: it was <paramref name="from"/>.</summary>
    private static JsonObject MigrateFrom(long supergroup, long from)
    {
        var message = TelegramBotHarness.Message(supergroup, 7101, null);
        message.Remove("text");
        message["migrate_from_chat_id"] = from;
        return new JsonObject { ["message"] = message };
    }
}

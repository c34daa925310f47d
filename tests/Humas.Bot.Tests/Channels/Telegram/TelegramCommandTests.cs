using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>Commands through the real host: polling from the fake, the database, and the replies readers see.</summary>
public sealed class TelegramCommandTests
{
    private static List<Subscription> SubscriptionsOf(TelegramBotHarness h, long chatId)
    {
        using var db = h.Db();
        var id = chatId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var conversation = db.Set<Conversation>().AsNoTracking().SingleOrDefault(c => c.Channel == "telegram" && c.ExternalId == id);
        return conversation is null ? [] : db.Set<Subscription>().AsNoTracking().Where(s => s.ConversationId == conversation.Id).ToList();
    }

    [Fact]
    public async Task Start_subscribes_to_all_news_and_answers_in_Indonesian()
    {
        await using var h = await TelegramBotHarness.StartAsync();

        h.PushMessage(1001, "/start");

        var reply = await h.ReplyAsync(1001);
        Assert.Contains("Selamat datang", reply.Text, StringComparison.Ordinal);
        var subscription = Assert.Single(SubscriptionsOf(h, 1001));
        Assert.Equal(SubscriptionTarget.All, subscription.Target);
        using var db = h.Db();
        var conversation = db.Set<Conversation>().Single(c => c.ExternalId == "1001");
        Assert.Equal("id", conversation.Language);
        Assert.Equal("Budi", conversation.Title);
    }

    [Fact]
    public async Task Start_from_an_English_speaking_user_answers_in_English()
    {
        await using var h = await TelegramBotHarness.StartAsync();

        h.PushMessage(1002, "/start", language: "en-GB");

        var reply = await h.ReplyAsync(1002);
        Assert.Contains("Welcome", reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Selamat", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_with_an_institution_payload_subscribes_to_that_institution_only()
    {
        await using var h = await TelegramBotHarness.StartAsync();
        string name;
        using (var db = h.Db())
        {
            // The configured sources may already have created it.
            var institution = db.Set<Institution>().SingleOrDefault(i => i.Id == "setneg");
            if (institution is null)
            {
                institution = new Institution { Id = "setneg", Name = "Kementerian Sekretariat Negara", CreatedAt = DateTime.UtcNow };
                db.Add(institution);
                db.SaveChanges();
            }

            name = institution.Name;
        }

        h.PushMessage(1003, "/start inst_setneg");

        var reply = await h.ReplyAsync(1003);
        Assert.Contains(name, reply.Text, StringComparison.Ordinal);
        var subscription = Assert.Single(SubscriptionsOf(h, 1003));
        Assert.Equal(SubscriptionTarget.Institution, subscription.Target);
        Assert.Equal("setneg", subscription.Value);
    }

    [Fact]
    public async Task Berhenti_unsubscribes_with_an_undo_button()
    {
        await using var h = await TelegramBotHarness.StartAsync();
        h.PushMessage(1004, "/start");
        await h.ReplyAsync(1004);
        Assert.Single(SubscriptionsOf(h, 1004));

        h.PushMessage(1004, "/berhenti");

        var reply = await h.ReplyAsync(1004, 2);
        Assert.Contains("berhenti berlangganan", reply.Text, StringComparison.Ordinal);
        Assert.Contains("sub:all", reply.ReplyMarkupJson, StringComparison.Ordinal);
        Assert.Empty(SubscriptionsOf(h, 1004));
    }

    [Fact]
    public async Task An_unknown_command_and_free_text_get_a_helpful_answer()
    {
        await using var h = await TelegramBotHarness.StartAsync();

        h.PushMessage(1005, "/entahlah");
        var unknown = await h.ReplyAsync(1005);
        h.PushMessage(1005, "halo, apa kabar?");
        var free = await h.ReplyAsync(1005, 2);

        Assert.Contains("/entahlah", unknown.Text, StringComparison.Ordinal);
        Assert.Contains("/bantuan", unknown.Text, StringComparison.Ordinal);
        Assert.Contains("/bantuan", free.Text, StringComparison.Ordinal);
        Assert.Contains("/usulan", free.Text, StringComparison.Ordinal);
        Assert.Empty(SubscriptionsOf(h, 1005));
    }

    [Fact]
    public async Task In_a_group_only_admins_change_subscriptions_and_only_commands_for_this_bot_are_answered()
    {
        const long group = -4001;
        await using var h = await TelegramBotHarness.StartAsync();
        h.Fake.SetChatMemberStatus(group, 3002, "administrator");

        h.PushMessage(group, "/start@some_other_bot", userId: 3002);
        h.PushMessage(group, "obrolan biasa di grup", userId: 3001);
        h.PushMessage(group, "/start@humas_fake_bot", userId: 3001);
        var refused = await h.ReplyAsync(group);

        Assert.Contains("admin", refused.Text, StringComparison.Ordinal);
        Assert.Empty(SubscriptionsOf(h, group));
        // Nothing answered the other bot's command or the chatter: they came first and are handled in order.
        Assert.Single(h.SentTo(group));

        h.PushMessage(group, "/start@humas_fake_bot", userId: 3002);
        var welcome = await h.ReplyAsync(group, 2);
        Assert.Contains("Selamat datang", welcome.Text, StringComparison.Ordinal);
        Assert.Single(SubscriptionsOf(h, group));
        Assert.Contains(h.Fake.RequestsFor("getChatMember"), r => r.ChatId == group);
    }

    [Fact]
    public async Task The_command_menu_is_registered_for_Indonesian_English_and_the_default()
    {
        await using var h = await TelegramBotHarness.StartAsync();

        await Eventually.UntilAsync(() => h.Fake.RequestsFor("setMyCommands").Count(r => r.Succeeded) >= 3, "setMyCommands");

        var languages = h.Fake.RequestsFor("setMyCommands").Where(r => r.Succeeded).Select(r => r.LanguageCode ?? "default").Order().ToList();
        Assert.Equal(["default", "en", "id"], languages);
        Assert.Single(h.Fake.RequestsFor("deleteWebhook"));
    }

    [Fact]
    public async Task Settings_buttons_change_language_digest_and_quiet_hours()
    {
        await using var h = await TelegramBotHarness.StartAsync();
        h.PushMessage(1006, "/pengaturan");
        var menu = await h.ReplyAsync(1006);
        Assert.Contains("set:lang:en", menu.ReplyMarkupJson, StringComparison.Ordinal);
        Assert.Contains("set:mode:daily:7", menu.ReplyMarkupJson, StringComparison.Ordinal);

        h.Push(TelegramBotHarness.CallbackQuery("s-1", 1006, "set:lang:en", chatId: 1006));
        var english = await h.ReplyAsync(1006, 2);
        h.Push(TelegramBotHarness.CallbackQuery("s-2", 1006, "set:mode:daily:19", chatId: 1006));
        await h.ReplyAsync(1006, 3);
        h.Push(TelegramBotHarness.CallbackQuery("s-3", 1006, "set:quiet:22-6", chatId: 1006));
        await h.ReplyAsync(1006, 4);

        Assert.Contains("Current settings", english.Text, StringComparison.Ordinal);
        using var db = h.Db();
        var conversation = db.Set<Conversation>().AsNoTracking().Single(c => c.ExternalId == "1006");
        Assert.Equal("en", conversation.Language);
        Assert.Equal(DeliveryMode.DailyDigest, conversation.DeliveryMode);
        Assert.Equal(19, conversation.DigestHour);
        Assert.Equal(22 * 60, conversation.QuietStartMinute);
        Assert.Equal(6 * 60, conversation.QuietEndMinute);
        Assert.Equal(3, h.Fake.RequestsFor("answerCallbackQuery").Count);
    }

    [Fact]
    public async Task A_group_member_who_is_not_admin_cannot_press_the_settings_buttons()
    {
        const long group = -4002;
        await using var h = await TelegramBotHarness.StartAsync();

        h.Push(TelegramBotHarness.CallbackQuery("g-1", 3003, "set:lang:en", chatId: group));

        var refused = await h.ReplyAsync(group);
        Assert.Contains("admin", refused.Text, StringComparison.Ordinal);
        using var db = h.Db();
        Assert.Equal("id", db.Set<Conversation>().AsNoTracking().Single(c => c.ExternalId == "-4002").Language);
    }
}

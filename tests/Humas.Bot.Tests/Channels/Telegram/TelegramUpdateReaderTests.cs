using Humas.Bot.Channels.Telegram.Updates;
using Telegram.Bot.Types.Enums;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>
/// The strict read of a stored update. Telegram.Bot alone reads these leniently (a message without a chat
/// becomes Chat == null) or throws exceptions that are not JsonException (update_id beyond int32, a date in
/// milliseconds); each one must be set aside with a reason instead, and a sound update must read in full.
/// </summary>
public sealed class TelegramUpdateReaderTests
{
    private const string Chat = """{"id":9,"type":"private","first_name":"Sari"}""";
    private const string From = """{"id":9,"is_bot":false,"first_name":"Sari","language_code":"id"}""";

    [Fact]
    public void A_sound_update_reads_into_the_librarys_types_and_unknown_fields_are_ignored()
    {
        var ok = TelegramUpdateReader.TryRead(
            $$$"""{"update_id":10,"brand_new":{"a":1},"message":{"message_id":3,"date":1763800000,"chat":{{{Chat}}},"from":{{{From}}},"text":"/start","message_thread_id":5,"is_topic_message":true,"future":[1]}}""",
            out var update,
            out var error);

        Assert.True(ok, error);
        Assert.Equal(10, update!.Id);
        Assert.Equal(ChatType.Private, update.Message!.Chat.Type);
        Assert.Equal("/start", update.Message.Text);
        Assert.Equal(5, update.Message.MessageThreadId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1763800000).UtcDateTime, update.Message.Date);
    }

    [Theory]
    [InlineData("""{"update_id":1,"message":{"message_id":1,"date":1795000000}}""", "update.message.chat: missing")]
    [InlineData("""{"update_id":1,"message":{"message_id":1,"date":1795000000,"chat":null}}""", "update.message.chat: missing")]
    [InlineData("""{"update_id":4294967296,"message":{"message_id":1,"date":1795000000,"chat":{"id":1,"type":"private"}}}""", "update.update_id")]
    [InlineData("""{"update_id":0}""", "update.update_id")]
    [InlineData("""{"update_id":1,"message":{"message_id":1,"date":1763800000123,"chat":{"id":1,"type":"private"}}}""", "update.message.date: not a Unix time in seconds")]
    [InlineData("""{"update_id":1,"message":{"message_id":1,"date":-5,"chat":{"id":1,"type":"private"}}}""", "update.message.date")]
    [InlineData("""{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":"1","type":"private"}}}""", "update.message.chat.id")]
    [InlineData("""{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"secret"}}}""", "update.message.chat.type")]
    [InlineData("""{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"from":{"id":2,"is_bot":false}}}""", "update.message.from.first_name: missing")]
    [InlineData("""{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"text":5}}""", "update.message.text: not a string")]
    [InlineData("""{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"photo":[{"file_id":"a","width":1,"height":1}]}}""", "update.message.photo[0].file_unique_id: missing")]
    [InlineData("""{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"reply_to_message":{"message_id":2,"date":1}}}""", "update.message.reply_to_message.chat: missing")]
    [InlineData("""{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"location":{"latitude":91,"longitude":0}}}""", "update.message.location.latitude")]
    [InlineData("""{"update_id":1,"callback_query":{"id":"","from":{"id":1,"is_bot":false,"first_name":"A"}}}""", "update.callback_query.id: empty")]
    [InlineData("""{"update_id":1,"callback_query":{"id":"q","data":"r1:x:1"}}""", "update.callback_query.from: missing")]
    [InlineData("""{"update_id":1,"my_chat_member":{"chat":{"id":-1,"type":"channel"},"from":{"id":1,"is_bot":false,"first_name":"A"},"date":1,"old_chat_member":{"status":"left","user":{"id":2,"is_bot":true,"first_name":"B"}},"new_chat_member":{"status":"boss","user":{"id":2,"is_bot":true,"first_name":"B"}}}}""", "update.my_chat_member.new_chat_member.status")]
    [InlineData("""{"update_id":1,"message_reaction_count":{"chat":{"id":-1,"type":"channel"},"message_id":4,"date":1,"reactions":[{"type":{"type":"emoji"},"total_count":3}]}}""", "update.message_reaction_count.reactions[0].type.emoji: missing")]
    [InlineData("""{"update_id":1,"message_reaction_count":{"chat":{"id":-1,"type":"channel"},"message_id":4,"date":1,"reactions":[{"type":{"type":"emoji","emoji":"👍"},"total_count":-1}]}}""", "update.message_reaction_count.reactions[0].total_count")]
    [InlineData("""{"update_id":1,"message_reaction":{"chat":{"id":-1,"type":"supergroup"},"message_id":4,"date":1,"old_reaction":[]}}""", "update.message_reaction.new_reaction: missing")]
    [InlineData("""[1,2,3]""", "update: not a JSON object")]
    public void A_field_a_handler_relies_on_that_is_missing_or_wrong_sets_the_update_aside(string payload, string reason)
    {
        var ok = TelegramUpdateReader.TryRead(payload, out var update, out var error);

        Assert.False(ok);
        Assert.Null(update);
        Assert.StartsWith(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_property_cannot_smuggle_a_null_past_the_check()
    {
        // The check would see the first "chat", a lenient reader the last one.
        var ok = TelegramUpdateReader.TryRead(
            """{"update_id":1,"message":{"message_id":1,"date":1,"chat":{"id":1,"type":"private"},"chat":null}}""", out _, out var error);

        Assert.False(ok);
        Assert.NotNull(error);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("{\"update_id\":1,")]
    public void Text_that_is_not_json_is_set_aside(string payload)
    {
        Assert.False(TelegramUpdateReader.TryRead(payload, out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void Channel_posts_membership_changes_and_reaction_counts_read_in_full()
    {
        var admin = """{"status":"administrator","user":{"id":2,"is_bot":true,"first_name":"Humas"},"can_post_messages":true}""";
        Assert.True(TelegramUpdateReader.TryRead(
            $$$"""{"update_id":2,"my_chat_member":{"chat":{"id":-1001,"type":"channel","title":"Kominfo"},"from":{{{From}}},"date":1763800000,"old_chat_member":{"status":"left","user":{"id":2,"is_bot":true,"first_name":"Humas"}},"new_chat_member":{{{admin}}}}}""",
            out var membership,
            out var error), error);
        Assert.True(TelegramUpdateReader.TryRead(
            """{"update_id":3,"channel_post":{"message_id":7,"date":1763800000,"chat":{"id":-1001,"type":"channel","title":"Kominfo"},"sender_chat":{"id":-1001,"type":"channel","title":"Kominfo"},"text":"/start"}}""",
            out var post,
            out error), error);
        Assert.True(TelegramUpdateReader.TryRead(
            """{"update_id":4,"message_reaction_count":{"chat":{"id":-1001,"type":"channel","title":"Kominfo"},"message_id":7,"date":1763800000,"reactions":[{"type":{"type":"emoji","emoji":"👍"},"total_count":3},{"type":{"type":"paid"},"total_count":1}]}}""",
            out var counts,
            out error), error);

        Assert.Equal(ChatMemberStatus.Administrator, membership!.MyChatMember!.NewChatMember.Status);
        Assert.Equal(ChatType.Channel, post!.ChannelPost!.Chat.Type);
        Assert.Equal(2, counts!.MessageReactionCount!.Reactions.Length);
    }
}

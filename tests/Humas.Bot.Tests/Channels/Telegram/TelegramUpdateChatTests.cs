using Humas.Bot.Channels.Telegram.Updates;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary>The chat an update is ordered by in the inbox worker.</summary>
public sealed class TelegramUpdateChatTests
{
    [Theory]
    [InlineData("""{"update_id":1,"message":{"chat":{"id":42}}}""", "42")]
    [InlineData("""{"update_id":1,"edited_message":{"chat":{"id":-1001}}}""", "-1001")]
    [InlineData("""{"update_id":1,"my_chat_member":{"chat":{"id":-7}}}""", "-7")]
    [InlineData("""{"update_id":1,"message_reaction_count":{"chat":{"id":-1002}}}""", "-1002")]
    // A press belongs to the chat of the message its button is on; without that message, to the reader's own chat.
    [InlineData("""{"update_id":1,"callback_query":{"from":{"id":5},"message":{"chat":{"id":-9}}}}""", "-9")]
    [InlineData("""{"update_id":1,"callback_query":{"from":{"id":5},"inline_message_id":"x"}}""", "5")]
    public void An_update_belongs_to_its_chat(string payload, string chat) => Assert.Equal(chat, TelegramUpdateChat.Of(payload));

    [Theory]
    // A migration concerns the old group and the new supergroup: handled alone.
    [InlineData("""{"update_id":1,"message":{"chat":{"id":-5},"migrate_to_chat_id":-1005}}""")]
    [InlineData("""{"update_id":1,"message":{"chat":{"id":-1005},"migrate_from_chat_id":-5}}""")]
    [InlineData("""{"update_id":1,"message":{"chat":{"id":"42"}}}""")]
    [InlineData("""{"update_id":1}""")]
    [InlineData("""[1]""")]
    [InlineData("""not json""")]
    public void An_update_of_two_chats_or_of_none_readable_belongs_to_no_one_chat(string payload) => Assert.Null(TelegramUpdateChat.Of(payload));
}

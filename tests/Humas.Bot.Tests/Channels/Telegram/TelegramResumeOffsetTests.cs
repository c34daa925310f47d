using Moq;
using Humas.Bot.Channels.Telegram;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Humas.Bot.Tests.Channels.Telegram;

public sealed class TelegramResumeOffsetTests
{
    [Fact]
    public async Task Polling_resumes_after_the_last_stored_update_and_forgets_an_offset_a_week_old()
    {
        using var database = new TestDatabase();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 3, 0, 0, TimeSpan.Zero));
        var inbox = new TelegramInbox(database, new Humas.Bot.Storage.SqliteWriteGate(), Mock.Of<Humas.Bot.Conversations.Inbound.IInboundArrivals>(), Microsoft.Extensions.Options.Options.Create(new TelegramOptions()), clock);

        Assert.Null(await inbox.ResumeOffsetAsync(clock.GetUtcNow().UtcDateTime, default));

        await inbox.AddAsync([(41, """{"update_id":41}"""), (42, """{"update_id":42}""")], default);
        Assert.Equal(43, await inbox.ResumeOffsetAsync(clock.GetUtcNow().UtcDateTime, default));

        // After a week without updates Telegram numbers the next update at random: an old offset could hide it.
        clock.Advance(TimeSpan.FromDays(7));
        Assert.Null(await inbox.ResumeOffsetAsync(clock.GetUtcNow().UtcDateTime, default));
    }
}

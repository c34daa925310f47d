using System.Net;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Support;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Channels.Teams;

/// <summary>
/// Real Teams ids are long: a personal chat "a:1…" runs to 130–150 characters, a channel thread with
/// ";messageid=…" longer still. The whole loop must work with the longest shapes, on both databases.
/// </summary>
public sealed class TeamsLongIdTests
{
    /// <summary>A personal chat id of the real shape ("a:1" and a long base64url body), 150 characters.</summary>
    private static readonly string PersonalChat = "a:1" + Body(147);

    /// <summary>A channel reply thread: "19:…@thread.tacv2;messageid=…", 320 characters.</summary>
    private static readonly string ChannelThread = "19:" + Body(270) + "@thread.tacv2;messageid=1712345678901";

    /// <summary>The longest id the service promises to keep.</summary>
    private static readonly string Longest = "a:1" + Body(512 - 3);

    private static string Body(int length) =>
        string.Concat(Enumerable.Range(0, length).Select(i => "Abc9_-xYz0QkLm"[i % 14]));

    public static TheoryData<DatabaseKind, string> Shapes() => new()
    {
        { DatabaseKind.Sqlite, PersonalChat },
        { DatabaseKind.Sqlite, Longest },
        { DatabaseKind.Postgres, PersonalChat },
        { DatabaseKind.Postgres, ChannelThread },
        { DatabaseKind.Postgres, Longest },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Install_welcome_subscribe_and_a_tip_work_with_long_conversation_and_user_ids(DatabaseKind database, string conversationId)
    {
        await using var h = await TeamsHarness.StartAsync(database: database);
        // User ids as long as the conversation's: the harness sends "29:" + user and the Entra id "aad-" + user.
        var user = "1" + Body(Math.Min(conversationId.Length, 512 - 4) - 1);
        var kind = conversationId.StartsWith("19:", StringComparison.Ordinal) ? "channel" : "personal";

        Assert.Equal(HttpStatusCode.OK, (await h.PostAsync(h.Installed(conversationId, user, kind))).StatusCode);
        await h.WaitForCallAsync(conversationId, c => c.Text is not null, "the welcome");
        Assert.Equal(HttpStatusCode.OK, (await h.PostAsync(h.Submit(conversationId, user, "sub:all", kind))).StatusCode);
        await h.WaitForCallAsync(conversationId, c => c.Text?.Contains("semua berita", StringComparison.OrdinalIgnoreCase) == true, "the subscription confirmed");

        await using var db = h.Db();
        // A channel thread's ";messageid=…" names the thread; the channel is stored once, without it.
        var stored = conversationId.Split(';')[0];
        var conversation = await db.Set<Conversation>().SingleAsync(c => c.ExternalId == stored);
        Assert.True(await db.Set<Subscription>().AnyAsync(s => s.ConversationId == conversation.Id));
        if (kind == "personal")
        {
            Assert.Equal(HttpStatusCode.OK, (await h.PostAsync(h.Activity("message", conversationId, user, "usulan"))).StatusCode);
            await TeamsHarness.WaitForAsync(() => db.Set<TipDraft>().AsNoTracking().FirstOrDefault(d => d.UserExternalId == "aad-" + user), "the tip draft");
        }
    }
}

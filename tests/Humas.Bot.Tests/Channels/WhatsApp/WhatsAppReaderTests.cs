using Humas.Bot.Admin;
using Humas.Bot.Channels.WhatsApp.Webhook;
using Humas.Bot.Delivery.Model;
using Humas.Bot.FakePlatforms.WhatsApp;
using System.Text.RegularExpressions;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;
using Humas.Bot.Tests.Support;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;

namespace Humas.Bot.Tests.Channels.WhatsApp;

/// <summary>A reader's whole life on WhatsApp through the real host and the fake Cloud API.</summary>
public sealed class WhatsAppReaderTests : IAsyncLifetime
{
    private WhatsAppHarness _h = null!;

    public async Task InitializeAsync() => _h = await WhatsAppHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_first_message_subscribes_and_votes_by_list_and_by_quick_reply_move_the_same_counters()
    {
        const string ani = "6281234567890";
        await _h.PostHandledAsync(_h.Fake.Text(ani, "halo"));
        var welcome = await _h.WaitForSendAsync(ani, s => s.Text is not null, "the welcome");
        Assert.Contains("berlangganan", welcome.Text, StringComparison.Ordinal);

        var articleId = await _h.PublishAsync();
        var list = await _h.WaitForSendAsync(ani, s => s.IsList && s.IsArticle, "the article as a list");
        Assert.Equal(5, list.Choices.Count);
        Assert.Contains("Rakor Kontributor", list.Body["interactive"]!["body"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);

        await _h.PostHandledAsync(_h.Fake.ListReply(ani, list.Choices[1]));
        Assert.Equal(new[] { 0, 1, 0, 0, 0 }, await _h.CountsAsync(articleId));

        // The template's quick-reply payload for option 4 is the same string as the list's row 4: it switches the vote.
        await _h.PostHandledAsync(_h.Fake.Button(ani, list.Choices[3]));
        Assert.Equal(new[] { 0, 0, 0, 1, 0 }, await _h.CountsAsync(articleId));
        await _h.WaitForSendAsync(ani, s => s.Text?.Contains("diubah", StringComparison.Ordinal) == true, "the switch confirmed");
    }

    [Fact]
    public async Task Outside_the_window_the_article_goes_as_the_template_whose_payloads_are_the_list_ids()
    {
        const string budi = "6281234567891";
        // A first message delivered late (written 25 hours ago) still subscribes; the window it opened is closed.
        await _h.PostHandledAsync(_h.Fake.Message(budi, new() { ["type"] = "text", ["text"] = new System.Text.Json.Nodes.JsonObject { ["body"] = "langganan" } }, at: DateTime.UtcNow.AddHours(-25)));
        await using (var db = _h.Db())
        {
            var conversation = await db.Set<Conversation>().SingleAsync(c => c.ExternalId == budi);
            var id = conversation.Id;
            if (!await db.Set<Subscription>().AnyAsync(s => s.ConversationId == id))
            {
                // "langganan" alone shows the menu; a first message that is a command does not also subscribe.
                await _h.PostHandledAsync(_h.Fake.Message(budi, new() { ["type"] = "text", ["text"] = new System.Text.Json.Nodes.JsonObject { ["body"] = "mulai" } }, at: DateTime.UtcNow.AddHours(-25)));
            }
        }

        var articleId = await _h.PublishAsync();
        var template = await _h.WaitForSendAsync(budi, s => s.Type == "template", "the article template");
        Assert.Equal("humas_artikel", template.Body["template"]!["name"]!.GetValue<string>());
        Assert.Equal(5, template.Choices.Count);
        // Never tried as a list first: our record of the window already said closed.
        Assert.DoesNotContain(_h.Fake.SendsTo(budi), s => s.IsArticle && s.Type != "template");

        await _h.PostHandledAsync(_h.Fake.Button(budi, template.Choices[0]));
        Assert.Equal(new[] { 1, 0, 0, 0, 0 }, await _h.CountsAsync(articleId));
    }

    [Fact]
    public async Task When_Meta_says_131047_now_or_later_the_article_is_sent_again_as_the_template()
    {
        const string now = "6281234567892", later = "6281234567893";
        await _h.PostHandledAsync(_h.Fake.Text(now, "mulai"));
        await _h.PostHandledAsync(_h.Fake.Text(later, "mulai"));

        // Our record says Nur's window is open; Meta's clock disagrees and answers 131047 at once.
        _h.Fake.CloseWindow(now);
        await _h.PublishAsync();
        await _h.WaitForSendAsync(now, s => s.Type == "template" && s.IsArticle, "the template after a synchronous 131047");
        Assert.Contains(_h.Fake.SendsTo(now), s => s.Code == 131047 && s.IsArticle);
        await _h.WaitForSendAsync(later, s => s.IsList && s.IsArticle, "the first article as a list for the open window");

        // For Lia, Meta accepts the list and reports 131047 afterwards, as a failed status.
        _h.Fake.CloseWindow(later);
        _h.Fake.FailOutsideWindowLater = true;
        await _h.PublishAsync("kedua");
        await WhatsAppHarness.WaitForAsync(() => Task.FromResult(_h.Fake.SendsTo(later).Count(s => s.IsList && s.IsArticle && s.Status == 200) >= 2 ? "" : null), "the second list accepted with 200");
        // The status names the message id, which the delivery row holds once the dispatcher's next group commit has
        // recorded the send (a moment after the fake's 200): wait for that, as Meta's status comes later in life too.
        var second = _h.Fake.SendsTo(later).Last(s => s.IsList && s.IsArticle && s.Status == 200).MessageId;
        await WhatsAppHarness.WaitForAsync(async () =>
        {
            await using var db = _h.Db();
            return await db.Set<DeliveryRecord>().AnyAsync(d => d.MessageId == second) ? "" : null;
        }, "the second list recorded with its message id");
        await _h.PostHandledAsync(FakeCloudApi.Statuses([.. _h.Fake.TakeStatuses()]));
        await _h.WaitForSendAsync(later, s => s.Type == "template" && s.IsArticle, "the second article re-sent as the template");
    }

    [Fact]
    public async Task Delivered_and_read_statuses_reach_the_delivery_row()
    {
        const string citra = "6281234567894";
        await _h.PostHandledAsync(_h.Fake.Text(citra, "mulai"));
        var articleId = await _h.PublishAsync();
        var list = await _h.WaitForSendAsync(citra, s => s.IsList && s.IsArticle, "the article");

        await _h.PostHandledAsync(FakeCloudApi.Statuses(
            FakeCloudApi.StatusObject(list.MessageId!, "sent", citra),
            FakeCloudApi.StatusObject(list.MessageId!, "delivered", citra)));
        await using (var db = _h.Db())
        {
            var row = await db.Set<DeliveryRecord>().SingleAsync(d => d.MessageId == list.MessageId);
            Assert.NotNull(row.DeliveredAt);
            Assert.Null(row.ReadAt);
        }

        await _h.PostHandledAsync(FakeCloudApi.Statuses(FakeCloudApi.StatusObject(list.MessageId!, "read", citra)));
        await using (var db = _h.Db())
        {
            Assert.NotNull((await db.Set<DeliveryRecord>().SingleAsync(d => d.MessageId == list.MessageId)).ReadAt);
        }

        // The article's page in the dashboard counts it as read on WhatsApp.
        var progress = await _h.App.Services.GetRequiredService<DashboardQueries>().ProgressByChannelAsync(Guid.Parse(articleId), default);
        Assert.Equal(1, progress.Single(p => p.Channel == "whatsapp").Read);
    }

    [Fact]
    public async Task A_status_that_arrives_before_its_send_is_recorded_waits_for_the_record()
    {
        const string dewi = "6281234567896";
        var logs = new FakeLoggerProvider();
        await using var h = await WhatsAppHarness.StartAsync(
            new() { [$"Logging:LogLevel:{typeof(WhatsAppStatusHandler).FullName}"] = "Debug" },
            services: s => s.AddSingleton<ILoggerProvider>(logs));
        await h.PostHandledAsync(h.Fake.Text(dewi, "mulai"));
        await h.PublishAsync();
        var list = await h.WaitForSendAsync(dewi, s => s.IsList && s.IsArticle, "the article");
        var id = (await WhatsAppHarness.WaitForAsync(async () =>
        {
            await using var db = h.Db();
            return await db.Set<DeliveryRecord>().SingleOrDefaultAsync(d => d.MessageId == list.MessageId);
        }, "the send recorded")).Id;

        // Back to the moment between the platform's answer and the dispatcher's group commit.
        await using (var db = h.Db())
        {
            await db.Set<DeliveryRecord>().Where(d => d.Id == id).ExecuteUpdateAsync(u => u
                .SetProperty(d => d.State, DeliveryState.Sending)
                .SetProperty(d => d.MessageId, (string?)null)
                .SetProperty(d => d.LeaseExpiresAt, DateTime.UtcNow.AddHours(1)));
        }

        var handled = h.PostHandledAsync(FakeCloudApi.Statuses(FakeCloudApi.StatusObject(list.MessageId!, "delivered", dewi)));
        await WhatsAppHarness.WaitForAsync(
            () => Task.FromResult(logs.Collector.Lines().FirstOrDefault(l => l.Contains("waits for its send to be recorded", StringComparison.Ordinal))),
            "the status waiting");
        await using (var db = h.Db())
        {
            await db.Set<DeliveryRecord>().Where(d => d.Id == id).ExecuteUpdateAsync(u => u
                .SetProperty(d => d.State, DeliveryState.Sent)
                .SetProperty(d => d.MessageId, list.MessageId)
                .SetProperty(d => d.LeaseExpiresAt, (DateTime?)null));
        }

        await handled;
        await using (var db = h.Db())
        {
            Assert.NotNull((await db.Set<DeliveryRecord>().SingleAsync(d => d.Id == id)).DeliveredAt);
        }
    }

    [Fact]
    public async Task Berhenti_stops_everything_at_once_and_bantuan_explains()
    {
        const string dewi = "6281234567895";
        await _h.PostHandledAsync(_h.Fake.Text(dewi, "mulai"));
        await _h.PostHandledAsync(_h.Fake.Text(dewi, "bantuan"));
        await _h.WaitForSendAsync(dewi, s => s.Text?.Contains("berhenti", StringComparison.Ordinal) == true, "the help text");
        await _h.PostHandledAsync(_h.Fake.Text(dewi, "berhenti"));

        await using (var db = _h.Db())
        {
            var conversation = await db.Set<Conversation>().SingleAsync(c => c.ExternalId == dewi);
            Assert.Equal(ConversationStatus.Left, conversation.Status);
            var id = conversation.Id;
            Assert.False(await db.Set<Subscription>().AnyAsync(s => s.ConversationId == id));
        }

        // Another reader gets the article; Dewi does not.
        const string eko = "6281234567896";
        await _h.PostHandledAsync(_h.Fake.Text(eko, "mulai"));
        await _h.PublishAsync();
        await _h.WaitForSendAsync(eko, s => s.IsArticle, "the article for a subscriber");
        Assert.DoesNotContain(_h.Fake.SendsTo(dewi), s => s.IsArticle);
    }

    [Fact]
    public async Task Langganan_with_an_institution_subscribes_to_it_by_name()
    {
        const string fajar = "6281234567897";
        await _h.PostHandledAsync(_h.Fake.Text(fajar, "langganan setneg"));
        await using var db = _h.Db();
        var id = (await db.Set<Conversation>().SingleAsync(c => c.ExternalId == fajar)).Id;
        Assert.Contains(await db.Set<Subscription>().Where(s => s.ConversationId == id).ToListAsync(), s => s.Value == "setneg");
    }

    [Fact]
    public async Task A_tip_with_a_photo_gets_a_ticket_and_the_photo_is_fetched_through_the_media_endpoint()
    {
        const string gita = "6281234567898";
        var photo = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4 };
        var mediaId = _h.Fake.AddMedia(photo, "image/jpeg");

        await _h.PostHandledAsync(_h.Fake.Text(gita, "usulan"));
        await _h.WaitForSendAsync(gita, s => s.Choices.Contains("t:cancel"), "the tip question");
        await _h.PostHandledAsync(_h.Fake.Text(gita, "Jembatan di Desa Sukamaju ambruk pagi ini, warga memutar 5 km."));
        await _h.WaitForSendAsync(gita, s => s.Choices.Any(c => c.StartsWith("t:done:", StringComparison.Ordinal)), "the request for photos with Selesai");
        await _h.PostHandledAsync(_h.Fake.Image(gita, mediaId, "Foto jembatan"));
        await _h.PostHandledAsync(_h.Fake.Text(gita, "selesai"));
        await _h.WaitForSendAsync(gita, s => s.Choices.Contains("t:skip"), "the contact question");
        await _h.PostHandledAsync(_h.Fake.ButtonReply(gita, "t:skip", "Lewati"));
        var summary = await _h.WaitForSendAsync(gita, s => s.Choices.Any(c => c.StartsWith("t:send:", StringComparison.Ordinal)), "the summary with Kirim");
        await _h.PostHandledAsync(_h.Fake.ButtonReply(gita, summary.Choices.Single(c => c.StartsWith("t:send:", StringComparison.Ordinal)), "Kirim"));
        var ticket = await _h.WaitForSendAsync(gita, s => s.Text is not null && Regex.IsMatch(s.Text, @"USL-\d{6}-\d{4}"), "the ticket number");
        Assert.Contains("nomor tiket", ticket.Text, StringComparison.Ordinal);

        var stored = await WhatsAppHarness.WaitForAsync(async () =>
        {
            await using var db = _h.Db();
            return await db.Set<TipAttachmentRecord>().AsNoTracking().SingleOrDefaultAsync(a => a.ChannelFileId == mediaId && a.State == TipAttachmentState.Stored);
        }, "the photo fetched into the tip");
        Assert.Equal("image/jpeg", stored.MediaType);
        await using (var db = _h.Db())
        {
            var tip = await db.Set<Tip>().SingleAsync(t => t.Id == stored.TipId);
            Assert.Contains("Jembatan di Desa Sukamaju", tip.Text, StringComparison.Ordinal);
        }
    }
}

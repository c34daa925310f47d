using Humas.Bot.Delivery.Channels;
using Humas.Bot.FakePlatforms.Processes;
using Humas.Bot.FakePlatforms.Telegram;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Storage.Audit;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Channels.Telegram;

/// <summary><c>telegram channels list|connect|disconnect</c>, run as the real executable on a database the bot wrote.</summary>
public sealed class TelegramChannelsCliTests : IDisposable
{
    private const string ChannelId = "-1001800000001";
    private readonly TestDatabase _database = new();

    public TelegramChannelsCliTests()
    {
        using var db = _database.CreateDbContext();
        db.Add(new Institution { Id = "kominfo", Name = "Kementerian Komunikasi dan Informatika", CreatedAt = DateTime.UtcNow });
        db.Add(new Institution { Id = "setneg", Name = "Kementerian Sekretariat Negara", CreatedAt = DateTime.UtcNow });
        // What the bot records when it is made administrator of a channel, and a group it lost.
        db.Add(new Conversation { Channel = "telegram", ExternalId = ChannelId, Kind = ConversationKind.Channel, Title = "Kanal Kominfo", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
        db.Add(new Conversation
        {
            Channel = "telegram", ExternalId = "-1001800000002", Kind = ConversationKind.Group, Title = "Grup Lama", Status = ConversationStatus.Left,
            StatusReason = "telegram: the bot was removed from the group by Rina on 2026-11-30 10:00 UTC", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        });
        db.Add(new Conversation { Channel = "telegram", ExternalId = "7001", Kind = ConversationKind.Private, Title = "Sari", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
        db.SaveChanges();
    }

    public void Dispose() => _database.Dispose();

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(Dictionary<string, string?>? settings, params string[] args)
    {
        var environment = new Dictionary<string, string?> { ["ConnectionStrings__Humas"] = _database.ConnectionString };
        foreach (var (key, value) in settings ?? [])
        {
            environment[key] = value;
        }

        using var process = ServiceProcess.Start(args, environment, _database.Folder);
        process.WriteInputAndClose("");
        var code = await process.WaitForExitAsync(ServiceProcess.CliExitTimeout);
        return (code, process.StandardOutput, process.StandardError);
    }

    [Fact]
    public async Task List_shows_channels_and_groups_with_state_and_note_and_connect_subscribes_the_channel()
    {
        var (listed, list, listErr) = await RunAsync(null, "telegram", "channels", "list");
        Assert.True(listed == 0, listErr);
        Assert.Contains(ChannelId, list, StringComparison.Ordinal);
        Assert.Contains("waiting", list, StringComparison.Ordinal);
        Assert.Contains("inactive", list, StringComparison.Ordinal);
        Assert.Contains("removed from the group", list, StringComparison.Ordinal);
        Assert.DoesNotContain("7001", list, StringComparison.Ordinal);

        var (connected, stdout, stderr) = await RunAsync(null, "telegram", "channels", "connect", ChannelId, "--institution", "kominfo", "--institution", "setneg");
        Assert.True(connected == 0, stderr);
        Assert.Contains("connected to kominfo, setneg", stdout, StringComparison.Ordinal);
        Assert.Equal(["kominfo", "setneg"], Institutions(ChannelId));

        var (disconnected, _, disconnectErr) = await RunAsync(null, "telegram", "channels", "disconnect", ChannelId, "--institution", "setneg");
        Assert.True(disconnected == 0, disconnectErr);
        Assert.Equal(["kominfo"], Institutions(ChannelId));

        // Audited as the dashboard's connect and disconnect are.
        using var db = _database.CreateDbContext();
        var audit = db.Set<AdminAuditEntry>().OrderBy(e => e.Id).ToList();
        Assert.Equal(
            [("channel.connect", ChannelId, "telegram: kominfo setneg"), ("channel.disconnect", ChannelId, "telegram: setneg")],
            audit.Select(e => (e.Action, e.TargetId, e.Detail)));
        Assert.All(audit, e => Assert.StartsWith("cli:", e.Actor, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Wrong_institutions_unknown_chats_and_private_chats_are_one_line_errors()
    {
        var (badInstitution, _, badInstitutionErr) = await RunAsync(null, "telegram", "channels", "connect", ChannelId, "--institution", "kemenkeu");
        Assert.Equal(2, badInstitution);
        Assert.StartsWith("error: 'kemenkeu' is not an institution", badInstitutionErr.Trim(), StringComparison.Ordinal);

        var (unknown, _, unknownErr) = await RunAsync(null, "telegram", "channels", "connect", "-100999", "--institution", "kominfo");
        Assert.Equal(1, unknown);
        Assert.Contains("make the bot an administrator", unknownErr, StringComparison.OrdinalIgnoreCase);

        var (privateChat, _, _) = await RunAsync(null, "telegram", "channels", "connect", "7001", "--institution", "kominfo");
        Assert.Equal(1, privateChat);

        var (garbage, _, _) = await RunAsync(null, "telegram", "channels", "connect", "kanal-kominfo", "--institution", "kominfo");
        Assert.Equal(2, garbage);

        var (offline, _, offlineErr) = await RunAsync(null, "telegram", "channels", "connect", "@kanalkominfo", "--institution", "kominfo");
        Assert.Equal(1, offline);
        Assert.Contains("Telegram is off", offlineErr, StringComparison.Ordinal);
        Assert.Empty(Institutions(ChannelId));
    }

    [Fact]
    public async Task A_public_channel_can_be_named_by_its_username()
    {
        await using var fake = await FakeTelegramServer.StartAsync(new FakeTelegramOptions { Strict = true });
        fake.SetChat(long.Parse(ChannelId, System.Globalization.CultureInfo.InvariantCulture), "channel", "Kanal Kominfo", "kanalkominfo");
        var telegram = new Dictionary<string, string?> { ["Telegram__Token"] = fake.Token, ["Telegram__ApiBaseUrl"] = fake.BaseUrl };

        var (code, stdout, stderr) = await RunAsync(telegram, "telegram", "channels", "connect", "@KanalKominfo", "--institution", "kominfo");
        var (missing, _, missingErr) = await RunAsync(telegram, "telegram", "channels", "connect", "@tidakada", "--institution", "kominfo");

        Assert.True(code == 0, stderr);
        Assert.Contains(ChannelId, stdout, StringComparison.Ordinal);
        Assert.Equal(["kominfo"], Institutions(ChannelId));
        Assert.Equal(1, missing);
        Assert.Contains("chat not found", missingErr, StringComparison.Ordinal);
        Assert.DoesNotContain(fake.Token, stderr + stdout + missingErr, StringComparison.Ordinal);
    }

    private string[] Institutions(string externalId)
    {
        using var db = _database.CreateDbContext();
        var id = db.Set<Conversation>().Single(c => c.ExternalId == externalId).Id;
        return db.Set<Subscription>().Where(s => s.ConversationId == id && s.Target == SubscriptionTarget.Institution).Select(s => s.Value).OrderBy(v => v).ToArray();
    }
}

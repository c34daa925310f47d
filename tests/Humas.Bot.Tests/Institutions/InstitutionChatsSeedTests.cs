using System.Net;
using Humas.Bot.Admin.Accounts;
using Humas.Bot.Institutions;
using Humas.Bot.Tests.Admin;
using Humas.Bot.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Humas.Bot.Tests.Institutions;

/// <summary>
/// Institutions' editors' chats configured before they could be set on the dashboard: an upgrade stores them (for an
/// institution the dashboard had already edited too), and later starts treat them as the institutions' names and
/// hosts: a configuration's institution follows configuration, a dashboard's keeps what the dashboard set.
/// </summary>
public sealed class InstitutionChatsSeedTests
{
    /// <summary>The last migration before the editors' chats were stored.</summary>
    private const string BeforeChats = "20261205143121_TelegramInboxNewestPerBot";

    private const string Operator = "operator@kominfo.go.id";

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.Postgres)]
    public async Task An_upgrade_keeps_the_configured_chats_and_later_starts_follow_the_institutions_rule(DatabaseKind kind)
    {
        using var database = new TestDatabase(migrate: false, kind);
        await using (var db = database.CreateDbContext())
        {
            // A database of the version before: setneg was renamed on the dashboard, kemensos is configuration's.
            await db.GetService<IMigrator>().MigrateAsync(BeforeChats);
            var now = DateTime.UtcNow;
            db.Add(new Institution { Id = "setneg", Name = "Setneg (dasbor)", CreatedAt = now, Origin = InstitutionOrigin.Dashboard, UpdatedAt = now, UpdatedBy = Operator });
            db.Add(new Institution { Id = "kemensos", Name = "Kementerian Sosial", CreatedAt = now, Origin = InstitutionOrigin.Configuration });
            await db.SaveChangesAsync();
        }

        using (var upgraded = new HumasAppFactory(With(database, new()
        {
            ["Institutions:0:Telegram:EditorsChatId"] = "-1004",
            ["Institutions:1:Telegram:EditorsChatId"] = "-1002",
            ["Institutions:1:WhatsApp:EditorsNumber"] = "6281100000002",
        })))
        {
            await upgraded.Services.GetRequiredService<AdminAccounts>().AddAsync(Operator, AdminRole.Admin, AdminHarness.Password, [], CancellationToken.None);
            var admin = await SignInAsync(upgraded);
            Assert.Equal("-1004", (await InstitutionChatsPageTests.ShownAsync(admin, "setneg"))["telegram.EditorsChatId"]);
            var kemensos = await InstitutionChatsPageTests.ShownAsync(admin, "kemensos");
            Assert.Equal(("-1002", "6281100000002"), (kemensos["telegram.EditorsChatId"], kemensos["whatsapp.EditorsNumber"]));

            // kominfo gets a group on the dashboard.
            var set = await AdminHarness.PostFormAsync(admin, "/admin/lembaga", "/admin/lembaga?handler=Chats", new() { ["id"] = "kominfo", ["telegram.EditorsChatId"] = "-1009" });
            Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        }

        // The operator changes every configured chat: configuration's kemensos follows, the dashboard's setneg and kominfo keep theirs.
        using var restarted = new HumasAppFactory(With(database, new()
        {
            ["Institutions:0:Telegram:EditorsChatId"] = "-1014",
            ["Institutions:1:Telegram:EditorsChatId"] = "-1012",
            ["Institutions:2:Telegram:EditorsChatId"] = "-1019",
        }));
        var again = await SignInAsync(restarted);
        var after = await InstitutionChatsPageTests.ShownAsync(again, "kemensos");
        Assert.Equal(("-1012", ""), (after["telegram.EditorsChatId"], after["whatsapp.EditorsNumber"]));
        Assert.Equal("-1004", (await InstitutionChatsPageTests.ShownAsync(again, "setneg"))["telegram.EditorsChatId"]);
        Assert.Equal("-1009", (await InstitutionChatsPageTests.ShownAsync(again, "kominfo"))["telegram.EditorsChatId"]);

        // Handed back to configuration, kominfo's chat is configuration's again at once.
        var returned = await AdminHarness.PostFormAsync(again, "/admin/lembaga", "/admin/lembaga?handler=Return", new() { ["id"] = "kominfo" });
        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        Assert.Equal("-1019", (await InstitutionChatsPageTests.ShownAsync(again, "kominfo"))["telegram.EditorsChatId"]);
    }

    private static Dictionary<string, string?> With(TestDatabase database, Dictionary<string, string?> settings)
    {
        foreach (var (key, value) in database.Settings)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static async Task<HttpClient> SignInAsync(HumasAppFactory app)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await AdminHarness.SignInAsync(client, Operator, AdminHarness.Password)).StatusCode);
        return client;
    }
}

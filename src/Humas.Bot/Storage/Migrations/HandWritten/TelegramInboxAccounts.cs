using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Humas.Bot.Storage.Migrations.HandWritten;

/// <summary>
/// The Telegram inbox keyed by bot and update_id (update ids are per bot), its rows kept as the shared bot's.
/// Hand-written for both providers: the key changes and the new column sits second, where the model puts it, and
/// neither EF's SQLite rebuild (alphabetical) nor PostgreSQL's ADD COLUMN (last) would put it there. The table is
/// renamed aside, made again, filled and the old one dropped; the old one's index and key go first, their names
/// being the new table's.
/// </summary>
internal static class TelegramInboxAccounts
{
    private const string Aside = "TelegramInbox_old";

    public static void Up(MigrationBuilder m) => Rebuild(m, withAccount: true);

    public static void Down(MigrationBuilder m) => Rebuild(m, withAccount: false);

    private static void Rebuild(MigrationBuilder m, bool withAccount)
    {
        m.DropIndex("IX_TelegramInbox_ProcessedAt", "TelegramInbox");
        m.RenameTable("TelegramInbox", newName: Aside);
        if (m.IsNpgsql())
        {
            // SQLite names no key constraint; PostgreSQL's would collide with the new table's.
            m.Sql($"ALTER TABLE \"{Aside}\" DROP CONSTRAINT \"PK_TelegramInbox\";");
        }

        const string common = "\"Payload\", \"ReceivedAt\", \"ProcessedAt\", \"Attempts\", \"LastError\", \"TraceParent\"";
        if (withAccount)
        {
            m.CreateTable("TelegramInbox", t => new
            {
                UpdateId = t.Column<long>(nullable: false),
                Account = t.Column<string>(maxLength: 64, nullable: false),
                Payload = t.Column<string>(nullable: false),
                ReceivedAt = t.Column<DateTime>(nullable: false),
                ProcessedAt = t.Column<DateTime>(nullable: true),
                Attempts = t.Column<int>(nullable: false),
                LastError = t.Column<string>(maxLength: 1000, nullable: true),
                TraceParent = t.Column<string>(maxLength: 64, nullable: true),
            }, constraints: t => t.PrimaryKey("PK_TelegramInbox", x => new { x.UpdateId, x.Account }));
            m.Sql($"INSERT INTO \"TelegramInbox\" (\"UpdateId\", \"Account\", {common}) SELECT \"UpdateId\", '', {common} FROM \"{Aside}\";");
        }
        else
        {
            m.CreateTable("TelegramInbox", t => new
            {
                UpdateId = t.Column<long>(nullable: false),
                Payload = t.Column<string>(nullable: false),
                ReceivedAt = t.Column<DateTime>(nullable: false),
                ProcessedAt = t.Column<DateTime>(nullable: true),
                Attempts = t.Column<int>(nullable: false),
                LastError = t.Column<string>(maxLength: 1000, nullable: true),
                TraceParent = t.Column<string>(maxLength: 64, nullable: true),
            }, constraints: t => t.PrimaryKey("PK_TelegramInbox", x => x.UpdateId));
            // Only the shared bot's updates fit the old key.
            m.Sql($"INSERT INTO \"TelegramInbox\" (\"UpdateId\", {common}) SELECT \"UpdateId\", {common} FROM \"{Aside}\" WHERE \"Account\" = '';");
        }

        m.DropTable(Aside);
        m.CreateIndex("IX_TelegramInbox_ProcessedAt", "TelegramInbox", "ProcessedAt");
    }
}

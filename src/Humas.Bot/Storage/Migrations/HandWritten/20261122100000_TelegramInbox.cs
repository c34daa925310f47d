using Microsoft.EntityFrameworkCore.Migrations;

namespace Humas.Bot.Storage.Migrations.HandWritten;

/// <summary>The durable inbox of Telegram updates (the Telegram channel's TelegramInboxItem). Hand-written, EF naming.</summary>
public abstract class TelegramInboxSchema : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("TelegramInbox", t => new
        {
            UpdateId = t.Column<long>(nullable: false),
            Payload = t.Column<string>(nullable: false),
            ReceivedAt = t.Column<DateTime>(nullable: false),
            ProcessedAt = t.Column<DateTime>(nullable: true),
            Attempts = t.Column<int>(nullable: false),
            LastError = t.Column<string>(maxLength: 1000, nullable: true),
        }, constraints: t => t.PrimaryKey("PK_TelegramInbox", x => x.UpdateId));
        m.CreateIndex("IX_TelegramInbox_ProcessedAt", "TelegramInbox", "ProcessedAt");
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("TelegramInbox");
}

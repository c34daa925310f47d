using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Humas.Bot.Storage.Migrations;

/// <summary>
/// Telegram's own emoji reactions counted per delivered message (Channels/Telegram/Reactions). Hand-written, EF
/// naming, in the style of the migrations before it; to be regenerated with dotnet-ef per provider once that
/// conversion is on main.
/// </summary>
[DbContext(typeof(HumasDbContext))]
[Migration("20261202000000_TelegramReactions")]
public sealed class TelegramReactions : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("TelegramReactions", t => new
        {
            ChatId = t.Column<long>(nullable: false),
            MessageId = t.Column<int>(nullable: false),
            Reaction = t.Column<string>(maxLength: 64, nullable: false),
            Count = t.Column<int>(nullable: false),
            ArticleId = t.Column<Guid>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_TelegramReactions", x => new { x.ChatId, x.MessageId, x.Reaction }));
        m.CreateIndex("IX_TelegramReactions_ArticleId", "TelegramReactions", "ArticleId");
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("TelegramReactions");
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Humas.Bot.Storage.Migrations.Sqlite
{
    /// <summary>
    /// Where moved chats (a Telegram group upgraded to a supergroup) live now, so configured ids follow them
    /// (Subscriptions' <c>ChatMove</c>); an empty table to start with.
    /// </summary>
    public partial class ChatMoves : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ChatMoves",
                columns: table => new
                {
                    Channel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    FromExternalId = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    ToExternalId = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    MovedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChatMoves", x => new { x.Channel, x.FromExternalId });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChatMoves");
        }
    }
}

using Humas.Bot.Storage.Migrations.HandWritten;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Humas.Bot.Storage.Migrations.Postgres
{
    /// <summary>
    /// Conversations and Telegram updates carry the channel's account (bot) they belong to: "" the shared bot, as
    /// every existing row. Generated, then the Telegram inbox part replaced by <see cref="TelegramInboxAccounts"/>.
    /// </summary>
    public partial class TelegramBotAccounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Conversations_Channel_ExternalId",
                table: "Conversations");

            migrationBuilder.AddColumn<string>(
                name: "Account",
                table: "Conversations",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_Channel_ExternalId_Account",
                table: "Conversations",
                columns: new[] { "Channel", "ExternalId", "Account" },
                unique: true);

            TelegramInboxAccounts.Up(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            TelegramInboxAccounts.Down(migrationBuilder);

            migrationBuilder.DropIndex(
                name: "IX_Conversations_Channel_ExternalId_Account",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "Account",
                table: "Conversations");

            migrationBuilder.CreateIndex(
                name: "IX_Conversations_Channel_ExternalId",
                table: "Conversations",
                columns: new[] { "Channel", "ExternalId" },
                unique: true);
        }
    }
}

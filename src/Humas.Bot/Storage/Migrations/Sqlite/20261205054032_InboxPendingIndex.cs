using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Humas.Bot.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InboxPendingIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WhatsAppInbox_ProcessedAt",
                table: "WhatsAppInbox");

            migrationBuilder.DropIndex(
                name: "IX_TelegramInbox_ProcessedAt",
                table: "TelegramInbox");

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppInbox_Handled",
                table: "WhatsAppInbox",
                column: "ReceivedAt",
                filter: "\"ProcessedAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppInbox_Pending",
                table: "WhatsAppInbox",
                column: "Id",
                filter: "\"ProcessedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_TelegramInbox_Handled",
                table: "TelegramInbox",
                column: "ReceivedAt",
                filter: "\"ProcessedAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_TelegramInbox_Pending",
                table: "TelegramInbox",
                columns: new[] { "ReceivedAt", "UpdateId" },
                filter: "\"ProcessedAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WhatsAppInbox_Handled",
                table: "WhatsAppInbox");

            migrationBuilder.DropIndex(
                name: "IX_WhatsAppInbox_Pending",
                table: "WhatsAppInbox");

            migrationBuilder.DropIndex(
                name: "IX_TelegramInbox_Handled",
                table: "TelegramInbox");

            migrationBuilder.DropIndex(
                name: "IX_TelegramInbox_Pending",
                table: "TelegramInbox");

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppInbox_ProcessedAt",
                table: "WhatsAppInbox",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_TelegramInbox_ProcessedAt",
                table: "TelegramInbox",
                column: "ProcessedAt");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Humas.Bot.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WhatsApp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "DeliveredAt",
                table: "Deliveries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ReadAt",
                table: "Deliveries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "WhatsAppInbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    WaId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ErrorCode = table.Column<int>(type: "INTEGER", nullable: true),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ProcessedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WhatsAppInbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "WhatsAppTierContacts",
                columns: table => new
                {
                    WaId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WhatsAppTierContacts", x => x.WaId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppInbox_Key",
                table: "WhatsAppInbox",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppInbox_ProcessedAt",
                table: "WhatsAppInbox",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppInbox_WaId_Kind_OccurredAt",
                table: "WhatsAppInbox",
                columns: new[] { "WaId", "Kind", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppTierContacts_At",
                table: "WhatsAppTierContacts",
                column: "At");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WhatsAppInbox");

            migrationBuilder.DropTable(
                name: "WhatsAppTierContacts");

            migrationBuilder.DropColumn(
                name: "DeliveredAt",
                table: "Deliveries");

            migrationBuilder.DropColumn(
                name: "ReadAt",
                table: "Deliveries");
        }
    }
}

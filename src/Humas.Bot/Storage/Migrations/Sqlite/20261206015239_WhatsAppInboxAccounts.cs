using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Humas.Bot.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WhatsAppInboxAccounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Only the new column: the ColumnOrder annotations the model gives the other columns (WhatsAppInboxItemMapping)
            // name the order they already have, and EF's AlterColumn for them would rebuild the table on SQLite for nothing.
            migrationBuilder.AddColumn<string>(
                name: "Account",
                table: "WhatsAppInbox",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "")
                .Annotation("Relational:ColumnOrder", 12);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Account",
                table: "WhatsAppInbox");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Humas.Bot.Storage.Migrations.Postgres
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
                type: "character varying(64)",
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

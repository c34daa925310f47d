using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Humas.Bot.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WhatsAppTierPortfolios : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Existing rows belong to the national portfolio (the column's default, ""): each institution's number
            // counted against it until now. Only the new column and key: the ColumnOrder annotations the model gives the
            // other two columns name the order they already have.
            migrationBuilder.DropPrimaryKey(
                name: "PK_WhatsAppTierContacts",
                table: "WhatsAppTierContacts");

            migrationBuilder.AddColumn<string>(
                name: "Portfolio",
                table: "WhatsAppTierContacts",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "")
                .Annotation("Relational:ColumnOrder", 2);

            migrationBuilder.AddPrimaryKey(
                name: "PK_WhatsAppTierContacts",
                table: "WhatsAppTierContacts",
                columns: new[] { "WaId", "Portfolio" });

            migrationBuilder.CreateIndex(
                name: "IX_WhatsAppTierContacts_Portfolio_At",
                table: "WhatsAppTierContacts",
                columns: new[] { "Portfolio", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back to one count: the other portfolios' readers would collide with the national one's under the old key.
            migrationBuilder.Sql("DELETE FROM \"WhatsAppTierContacts\" WHERE \"Portfolio\" <> ''");

            migrationBuilder.DropPrimaryKey(
                name: "PK_WhatsAppTierContacts",
                table: "WhatsAppTierContacts");

            migrationBuilder.DropIndex(
                name: "IX_WhatsAppTierContacts_Portfolio_At",
                table: "WhatsAppTierContacts");

            migrationBuilder.DropColumn(
                name: "Portfolio",
                table: "WhatsAppTierContacts");

            migrationBuilder.AddPrimaryKey(
                name: "PK_WhatsAppTierContacts",
                table: "WhatsAppTierContacts",
                column: "WaId");
        }
    }
}

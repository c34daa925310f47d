using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Humas.Bot.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ChannelData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ChannelData",
                table: "Conversations",
                type: "TEXT",
                maxLength: 2048,
                nullable: true);

            // Teams' serviceUrl and tenant move into the channel's own data; the core no longer has columns for them.
            migrationBuilder.Sql("""
                UPDATE "Conversations" SET "ChannelData" = json_object('serviceUrl', "ServiceUrl", 'tenantId', "TenantId") WHERE "ServiceUrl" IS NOT NULL OR "TenantId" IS NOT NULL;
                """);

            // SQLite's own DROP COLUMN (3.35+) rather than EF's table rebuild: a rebuild lays the columns out in the
            // migration model's (alphabetical) order, and the migrated table would no longer equal a created one.
            migrationBuilder.Sql("""
                ALTER TABLE "Conversations" DROP COLUMN "ServiceUrl";
                """);
            migrationBuilder.Sql("""
                ALTER TABLE "Conversations" DROP COLUMN "TenantId";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ServiceUrl",
                table: "Conversations",
                type: "TEXT",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TenantId",
                table: "Conversations",
                type: "TEXT",
                maxLength: 512,
                nullable: true);

            migrationBuilder.Sql("""
                UPDATE "Conversations" SET "ServiceUrl" = json_extract("ChannelData", '$.serviceUrl'), "TenantId" = json_extract("ChannelData", '$.tenantId') WHERE "Channel" = 'teams' AND json_valid("ChannelData");
                """);

            migrationBuilder.DropColumn(
                name: "ChannelData",
                table: "Conversations");
        }
    }
}

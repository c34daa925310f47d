using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Humas.Bot.Storage.Migrations.Postgres
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
                type: "character varying(2048)",
                maxLength: 2048,
                nullable: true);

            // Teams' serviceUrl and tenant move into the channel's own data; the core no longer has columns for them.
            migrationBuilder.Sql("""
                UPDATE "Conversations" SET "ChannelData" = json_build_object('serviceUrl', "ServiceUrl", 'tenantId', "TenantId")::text WHERE "ServiceUrl" IS NOT NULL OR "TenantId" IS NOT NULL;
                """);

            migrationBuilder.DropColumn(
                name: "ServiceUrl",
                table: "Conversations");

            migrationBuilder.DropColumn(
                name: "TenantId",
                table: "Conversations");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ServiceUrl",
                table: "Conversations",
                type: "character varying(512)",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TenantId",
                table: "Conversations",
                type: "character varying(512)",
                maxLength: 512,
                nullable: true);

            migrationBuilder.Sql("""
                UPDATE "Conversations" SET "ServiceUrl" = "ChannelData"::json ->> 'serviceUrl', "TenantId" = "ChannelData"::json ->> 'tenantId' WHERE "Channel" = 'teams' AND "ChannelData" IS NOT NULL;
                """);

            migrationBuilder.DropColumn(
                name: "ChannelData",
                table: "Conversations");
        }
    }
}

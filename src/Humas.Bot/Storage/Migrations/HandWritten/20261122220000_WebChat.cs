using Microsoft.EntityFrameworkCore.Migrations;

namespace Humas.Bot.Storage.Migrations.HandWritten;

/// <summary>The web chat's stored messages (the web channel's WebMessage). Hand-written, EF naming.</summary>
public abstract class WebChatSchema : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("WebMessages", t => new
        {
            Id = t.Column<long>(nullable: false).Identity(),
            VisitorId = t.Column<string>(maxLength: 32, nullable: false),
            Kind = t.Column<string>(maxLength: 16, nullable: false),
            Payload = t.Column<string>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
            DeletedAt = t.Column<DateTime>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_WebMessages", x => x.Id));
        m.CreateIndex("IX_WebMessages_VisitorId_Id", "WebMessages", ["VisitorId", "Id"]);
        m.CreateIndex("IX_WebMessages_CreatedAt", "WebMessages", "CreatedAt");
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("WebMessages");
}

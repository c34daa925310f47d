using Microsoft.EntityFrameworkCore.Migrations;

namespace Humas.Bot.Storage.Migrations.HandWritten;

/// <summary>
/// The editors' dashboard: accounts, publish API keys, its audit log, tip assignments, source health history,
/// and where a source is defined (configuration or dashboard). Hand-written with EF's names.
/// </summary>
public abstract class AdminSchema : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("AdminUsers", t => new
        {
            Id = t.Column<long>(nullable: false).Identity(),
            Email = t.Column<string>(maxLength: 256, nullable: false),
            Role = t.Column<string>(maxLength: 32, nullable: false),
            PasswordHash = t.Column<string>(maxLength: 512, nullable: false),
            Disabled = t.Column<bool>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            LastSignInAt = t.Column<DateTime>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_AdminUsers", x => x.Id));
        m.CreateIndex("IX_AdminUsers_Email", "AdminUsers", "Email", unique: true);

        m.CreateTable("PublishApiKeys", t => new
        {
            Id = t.Column<long>(nullable: false).Identity(),
            Name = t.Column<string>(maxLength: 100, nullable: false),
            Prefix = t.Column<string>(maxLength: 16, nullable: false),
            KeyHash = t.Column<string>(maxLength: 64, nullable: false),
            CreatedBy = t.Column<string>(maxLength: 256, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            RevokedAt = t.Column<DateTime>(nullable: true),
            RevokedBy = t.Column<string>(maxLength: 256, nullable: true),
        }, constraints: t => t.PrimaryKey("PK_PublishApiKeys", x => x.Id));
        m.CreateIndex("IX_PublishApiKeys_KeyHash", "PublishApiKeys", "KeyHash", unique: true);

        m.CreateTable("AdminAudit", t => new
        {
            Id = t.Column<long>(nullable: false).Identity(),
            At = t.Column<DateTime>(nullable: false),
            Actor = t.Column<string>(maxLength: 256, nullable: false),
            Action = t.Column<string>(maxLength: 64, nullable: false),
            TargetKind = t.Column<string>(maxLength: 32, nullable: false),
            TargetId = t.Column<string>(maxLength: 64, nullable: false),
            Detail = t.Column<string>(maxLength: 2000, nullable: true),
        }, constraints: t => t.PrimaryKey("PK_AdminAudit", x => x.Id));
        m.CreateIndex("IX_AdminAudit_TargetKind_TargetId", "AdminAudit", ["TargetKind", "TargetId"]);

        m.CreateTable("TipAssignments", t => new
        {
            TipId = t.Column<long>(nullable: false),
            AssignedTo = t.Column<string>(maxLength: 256, nullable: false),
            AssignedBy = t.Column<string>(maxLength: 256, nullable: false),
            AssignedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_TipAssignments", x => x.TipId));

        m.CreateTable("SourceHealthEvents", t => new
        {
            Id = t.Column<long>(nullable: false).Identity(),
            SourceId = t.Column<string>(maxLength: 64, nullable: false),
            At = t.Column<DateTime>(nullable: false),
            Success = t.Column<bool>(nullable: false),
            Created = t.Column<int>(nullable: false),
            Trigger = t.Column<string>(maxLength: 16, nullable: false),
            Error = t.Column<string>(maxLength: 1000, nullable: true),
        }, constraints: t => t.PrimaryKey("PK_SourceHealthEvents", x => x.Id));
        m.CreateIndex("IX_SourceHealthEvents_SourceId_At", "SourceHealthEvents", ["SourceId", "At"]);

        m.AddColumn<string>("Origin", "Sources", maxLength: 32, nullable: false, defaultValue: "Configuration");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropColumn("Origin", "Sources");
        m.DropTable("SourceHealthEvents");
        m.DropTable("TipAssignments");
        m.DropTable("AdminAudit");
        m.DropTable("PublishApiKeys");
        m.DropTable("AdminUsers");
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

namespace Humas.Bot.Storage.Migrations.HandWritten;

/// <summary>
/// Several instances on one database: each records its heartbeat here, and the rate limiters divide every
/// platform limit by the number of instances alive (Storage/Cluster). Used on PostgreSQL; empty on SQLite.
/// </summary>
public abstract class ScaleOut : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("ClusterInstances", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            StartedAt = t.Column<DateTime>(nullable: false),
            HeartbeatAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_ClusterInstances", x => x.Id));
        m.CreateIndex("IX_ClusterInstances_HeartbeatAt", "ClusterInstances", "HeartbeatAt");
    }

    protected override void Down(MigrationBuilder m) => m.DropTable("ClusterInstances");
}

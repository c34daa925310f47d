using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Humas.Bot.Storage.Migrations;

/// <summary>
/// ASP.NET Core Data Protection's key ring in the database (shared by every instance), and the dashboard
/// accounts' security stamp (a password or role change ends the account's sessions). Hand-written, EF naming.
/// </summary>
[DbContext(typeof(HumasDbContext))]
[Migration("20261123000002_SharedSecrets")]
public sealed class SharedSecrets : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("DataProtectionKeys", t => new
        {
            Id = t.Column<int>(nullable: false).Identity(),
            FriendlyName = t.Column<string>(nullable: true),
            Xml = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_DataProtectionKeys", x => x.Id));

        // Existing sessions carry no stamp and match the empty one until the account next changes.
        m.AddColumn<string>("SecurityStamp", "AdminUsers", maxLength: 64, nullable: false, defaultValue: "");
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropColumn("SecurityStamp", "AdminUsers");
        m.DropTable("DataProtectionKeys");
    }
}

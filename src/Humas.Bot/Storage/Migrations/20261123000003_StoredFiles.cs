using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Humas.Bot.Storage.Migrations;

/// <summary>
/// The file store: a catalogue row per file (budget, quotas, media type read from the bytes) and, in the database
/// backend, its bytes in chunks. Hand-written, EF naming.
/// </summary>
[DbContext(typeof(HumasDbContext))]
[Migration("20261123000003_StoredFiles")]
public sealed class StoredFiles : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("StoredFiles", t => new
        {
            Id = t.Column<long>(nullable: false).Identity(),
            Key = t.Column<string>(maxLength: 300, nullable: false),
            Owner = t.Column<string>(maxLength: 600, nullable: false),
            ClientIp = t.Column<string>(maxLength: 64, nullable: true),
            Size = t.Column<long>(nullable: false),
            MediaType = t.Column<string>(maxLength: 128, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            Complete = t.Column<bool>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_StoredFiles", x => x.Id));
        m.CreateIndex("IX_StoredFiles_Key", "StoredFiles", "Key", unique: true);
        m.CreateIndex("IX_StoredFiles_Owner_CreatedAt", "StoredFiles", ["Owner", "CreatedAt"]);
        m.CreateIndex("IX_StoredFiles_ClientIp_CreatedAt", "StoredFiles", ["ClientIp", "CreatedAt"]);

        m.CreateTable("StoredFileChunks", t => new
        {
            FileId = t.Column<long>(nullable: false),
            Seq = t.Column<int>(nullable: false),
            Data = t.Column<byte[]>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_StoredFileChunks", x => new { x.FileId, x.Seq });
            t.ForeignKey("FK_StoredFileChunks_StoredFiles_FileId", x => x.FileId, "StoredFiles", "Id", onDelete: ReferentialAction.Cascade);
        });
    }

    protected override void Down(MigrationBuilder m)
    {
        m.DropTable("StoredFileChunks");
        m.DropTable("StoredFiles");
    }
}

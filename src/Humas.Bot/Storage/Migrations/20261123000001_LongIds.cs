using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Humas.Bot.Storage.Migrations;

/// <summary>
/// Real Teams ids are longer than 128 characters: conversation, user and tenant id columns become 512, vote
/// keys 600, tip file handles 4000. Hand-written, EF naming. SQLite does not enforce text lengths (its
/// schema carries none), so only PostgreSQL's columns change; no index needs a hash at these widths.
/// </summary>
[DbContext(typeof(HumasDbContext))]
[Migration("20261123000001_LongIds")]
public sealed class LongIds : Migration
{
    private static readonly (string Table, string Column, int Old, int New, bool Nullable)[] Columns =
    [
        ("Conversations", "ExternalId", 128, 512, false),
        ("Conversations", "TenantId", 128, 512, true),
        ("Votes", "VoterKey", 128, 600, false),
        ("TipDrafts", "UserExternalId", 128, 512, false),
        ("TipDrafts", "ConversationExternalId", 128, 512, false),
        ("Tips", "UserExternalId", 128, 512, false),
        ("Tips", "ConversationExternalId", 128, 512, false),
        ("TipContributors", "UserExternalId", 128, 512, false),
        ("TipBlocks", "UserExternalId", 128, 512, false),
        ("TipAttachments", "ChannelFileId", 512, 4000, false),
    ];

    protected override void Up(MigrationBuilder m) => Alter(m, up: true);

    protected override void Down(MigrationBuilder m) => Alter(m, up: false);

    private void Alter(MigrationBuilder m, bool up)
    {
        if (ActiveProvider != "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            return;
        }

        foreach (var (table, column, old, wide, nullable) in Columns)
        {
            m.AlterColumn<string>(column, table, maxLength: up ? wide : old, nullable: nullable,
                oldClrType: typeof(string), oldMaxLength: up ? old : wide, oldNullable: nullable);
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

namespace Humas.Bot.Storage.Migrations.HandWritten;

/// <summary>
/// Reader votes, per-article tallies and the counter-refresh marks. Hand-written like the others, with EF
/// Core's names so the migrated schema equals the model's (MigratedSchemaTests).
/// </summary>
public abstract class FeedbackSchema : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("Votes", t => new
        {
            Id = t.Column<long>(nullable: false).Identity(),
            ArticleId = t.Column<Guid>(nullable: false),
            VoterKey = t.Column<string>(maxLength: 128, nullable: false),
            OptionId = t.Column<int>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Votes", x => x.Id);
            t.ForeignKey("FK_Votes_Articles_ArticleId", x => x.ArticleId, "Articles", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_Votes_ArticleId_VoterKey", "Votes", ["ArticleId", "VoterKey"], unique: true);

        m.CreateTable("ReactionTallies", t => new
        {
            ArticleId = t.Column<Guid>(nullable: false),
            OptionId = t.Column<int>(nullable: false),
            Count = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ReactionTallies", x => new { x.ArticleId, x.OptionId });
            t.ForeignKey("FK_ReactionTallies_Articles_ArticleId", x => x.ArticleId, "Articles", "Id", onDelete: ReferentialAction.Cascade);
        });

        m.CreateTable("ReactionRefreshes", t => new
        {
            ArticleId = t.Column<Guid>(nullable: false),
            DueAt = t.Column<DateTime>(nullable: true),
            Generation = t.Column<long>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ReactionRefreshes", x => x.ArticleId);
            t.ForeignKey("FK_ReactionRefreshes_Articles_ArticleId", x => x.ArticleId, "Articles", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_ReactionRefreshes_DueAt", "ReactionRefreshes", "DueAt");
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[] { "ReactionRefreshes", "ReactionTallies", "Votes" })
        {
            m.DropTable(table);
        }
    }
}

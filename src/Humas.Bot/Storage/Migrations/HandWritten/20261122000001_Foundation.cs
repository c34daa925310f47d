using Microsoft.EntityFrameworkCore.Migrations;

namespace Humas.Bot.Storage.Migrations.HandWritten;

/// <summary>
/// Institutions, sources with their health, articles with their identities, revisions and the
/// published-event outbox. Written by hand before the EF tools could be used here; column types are left
/// to each provider's mapping so one body serves SQLite and PostgreSQL (Migrations/Sqlite and
/// Migrations/Postgres give it its id per provider), and MigratedSchemaTests proves it matches the model.
/// </summary>
public abstract class Foundation : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("Institutions", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            Name = t.Column<string>(maxLength: 200, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_Institutions", x => x.Id));

        m.CreateTable("Sources", t => new
        {
            Id = t.Column<string>(maxLength: 64, nullable: false),
            InstitutionId = t.Column<string>(maxLength: 64, nullable: false),
            Name = t.Column<string>(maxLength: 200, nullable: false),
            Url = t.Column<string>(maxLength: 2048, nullable: false),
            ConfiguredUrl = t.Column<string>(maxLength: 2048, nullable: false),
            Kind = t.Column<string>(maxLength: 32, nullable: false),
            PollSeconds = t.Column<int>(nullable: false),
            Category = t.Column<string>(maxLength: 100, nullable: true),
            Selectors = t.Column<string>(maxLength: 4000, nullable: true),
            AnnounceExistingOnFirstPoll = t.Column<bool>(nullable: false),
            Enabled = t.Column<bool>(nullable: false),
            State = t.Column<string>(maxLength: 32, nullable: false),
            Primed = t.Column<bool>(nullable: false),
            ETag = t.Column<string>(maxLength: 512, nullable: true),
            LastModified = t.Column<string>(maxLength: 128, nullable: true),
            MinIntervalSeconds = t.Column<int>(nullable: true),
            LastPolledAt = t.Column<DateTime>(nullable: true),
            LastSuccessAt = t.Column<DateTime>(nullable: true),
            LastError = t.Column<string>(maxLength: 1000, nullable: true),
            LastErrorAt = t.Column<DateTime>(nullable: true),
            ConsecutiveFailures = t.Column<int>(nullable: false),
            NextPollAt = t.Column<DateTime>(nullable: false),
            LastItemCount = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Sources", x => x.Id);
            t.ForeignKey("FK_Sources_Institutions_InstitutionId", x => x.InstitutionId, "Institutions", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Sources_InstitutionId", "Sources", "InstitutionId");
        m.CreateIndex("IX_Sources_NextPollAt", "Sources", "NextPollAt");

        m.CreateTable("Articles", t => new
        {
            Id = t.Column<Guid>(nullable: false),
            InstitutionId = t.Column<string>(maxLength: 64, nullable: false),
            SourceId = t.Column<string>(maxLength: 64, nullable: true),
            Origin = t.Column<string>(maxLength: 32, nullable: false),
            Url = t.Column<string>(maxLength: 2048, nullable: false),
            CanonicalUrl = t.Column<string>(maxLength: 2048, nullable: false),
            Title = t.Column<string>(maxLength: 1000, nullable: false),
            Summary = t.Column<string>(maxLength: 2000, nullable: false),
            Body = t.Column<string>(nullable: false),
            ImageUrl = t.Column<string>(maxLength: 2048, nullable: true),
            Author = t.Column<string>(maxLength: 200, nullable: true),
            Category = t.Column<string>(maxLength: 100, nullable: true),
            PublishedAt = t.Column<DateTime>(nullable: false),
            DiscoveredAt = t.Column<DateTime>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
            ContentHash = t.Column<string>(maxLength: 64, nullable: false),
            Announced = t.Column<bool>(nullable: false),
            Revision = t.Column<int>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Articles", x => x.Id);
            t.ForeignKey("FK_Articles_Institutions_InstitutionId", x => x.InstitutionId, "Institutions", "Id", onDelete: ReferentialAction.Restrict);
        });
        m.CreateIndex("IX_Articles_CanonicalUrl", "Articles", "CanonicalUrl");
        m.CreateIndex("IX_Articles_ContentHash", "Articles", "ContentHash");
        m.CreateIndex("IX_Articles_InstitutionId", "Articles", "InstitutionId");
        m.CreateIndex("IX_Articles_PublishedAt", "Articles", "PublishedAt");

        m.CreateTable("ArticleKeys", t => new
        {
            Key = t.Column<string>(maxLength: 2100, nullable: false),
            ArticleId = t.Column<Guid>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ArticleKeys", x => x.Key);
            t.ForeignKey("FK_ArticleKeys_Articles_ArticleId", x => x.ArticleId, "Articles", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_ArticleKeys_ArticleId", "ArticleKeys", "ArticleId");

        m.CreateTable("ArticleRevisions", t => new
        {
            Id = t.Column<long>(nullable: false).Identity(),
            ArticleId = t.Column<Guid>(nullable: false),
            Revision = t.Column<int>(nullable: false),
            RecordedAt = t.Column<DateTime>(nullable: false),
            Title = t.Column<string>(maxLength: 1000, nullable: false),
            Summary = t.Column<string>(maxLength: 2000, nullable: false),
            ContentHash = t.Column<string>(maxLength: 64, nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ArticleRevisions", x => x.Id);
            t.ForeignKey("FK_ArticleRevisions_Articles_ArticleId", x => x.ArticleId, "Articles", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_ArticleRevisions_ArticleId", "ArticleRevisions", "ArticleId");

        m.CreateTable("ArticleEvents", t => new
        {
            Id = t.Column<long>(nullable: false).Identity(),
            ArticleId = t.Column<Guid>(nullable: false),
            Kind = t.Column<string>(maxLength: 32, nullable: false),
            OccurredAt = t.Column<DateTime>(nullable: false),
            ProcessedAt = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_ArticleEvents", x => x.Id);
            t.ForeignKey("FK_ArticleEvents_Articles_ArticleId", x => x.ArticleId, "Articles", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_ArticleEvents_ArticleId", "ArticleEvents", "ArticleId");
        m.CreateIndex("IX_ArticleEvents_ProcessedAt_Id", "ArticleEvents", ["ProcessedAt", "Id"]);
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[] { "ArticleEvents", "ArticleRevisions", "ArticleKeys", "Articles", "Sources", "Institutions" })
        {
            m.DropTable(table);
        }
    }
}

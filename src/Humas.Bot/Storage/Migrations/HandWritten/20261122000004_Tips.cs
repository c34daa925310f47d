using Microsoft.EntityFrameworkCore.Migrations;

namespace Humas.Bot.Storage.Migrations.HandWritten;

/// <summary>
/// Tips: drafts, submitted tips, their attachments and audit/thread events, monthly ticket counters,
/// contributors, invite codes and the block list. Names follow EF Core's conventions so the migrated schema
/// equals the model's (MigratedSchemaTests).
/// </summary>
public abstract class TipsSchema : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("TipDrafts", t => new
        {
            Id = t.Column<long>(nullable: false).Identity(),
            Channel = t.Column<string>(maxLength: 32, nullable: false),
            UserExternalId = t.Column<string>(maxLength: 128, nullable: false),
            ConversationExternalId = t.Column<string>(maxLength: 128, nullable: false),
            DisplayName = t.Column<string>(maxLength: 200, nullable: true),
            Language = t.Column<string>(maxLength: 8, nullable: false),
            Step = t.Column<string>(maxLength: 32, nullable: false),
            Text = t.Column<string>(maxLength: 4000, nullable: true),
            Latitude = t.Column<double>(nullable: true),
            Longitude = t.Column<double>(nullable: true),
            ContactPhone = t.Column<string>(maxLength: 32, nullable: true),
            ContactName = t.Column<string>(maxLength: 200, nullable: true),
            AttachmentsJson = t.Column<string>(nullable: false),
            Version = t.Column<int>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_TipDrafts", x => x.Id));
        m.CreateIndex("IX_TipDrafts_Channel_UserExternalId", "TipDrafts", ["Channel", "UserExternalId"], unique: true);

        m.CreateTable("TipInvites", t => new
        {
            Id = t.Column<long>(nullable: false).Identity(),
            CodeHash = t.Column<string>(maxLength: 64, nullable: false),
            InstitutionId = t.Column<string>(maxLength: 64, nullable: false),
            Unit = t.Column<string>(maxLength: 200, nullable: false),
            MaxUses = t.Column<int>(nullable: false),
            Uses = t.Column<int>(nullable: false),
            ExpiresAt = t.Column<DateTime>(nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_TipInvites", x => x.Id);
            t.ForeignKey("FK_TipInvites_Institutions_InstitutionId", x => x.InstitutionId, "Institutions", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_TipInvites_CodeHash", "TipInvites", "CodeHash", unique: true);
        m.CreateIndex("IX_TipInvites_InstitutionId", "TipInvites", "InstitutionId");

        m.CreateTable("TipContributors", t => new
        {
            Id = t.Column<long>(nullable: false).Identity(),
            Channel = t.Column<string>(maxLength: 32, nullable: false),
            UserExternalId = t.Column<string>(maxLength: 128, nullable: false),
            DisplayName = t.Column<string>(maxLength: 200, nullable: true),
            InstitutionId = t.Column<string>(maxLength: 64, nullable: false),
            Unit = t.Column<string>(maxLength: 200, nullable: false),
            InviteId = t.Column<long>(nullable: true),
            RegisteredAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_TipContributors", x => x.Id);
            t.ForeignKey("FK_TipContributors_Institutions_InstitutionId", x => x.InstitutionId, "Institutions", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_TipContributors_TipInvites_InviteId", x => x.InviteId, "TipInvites", "Id", onDelete: ReferentialAction.SetNull);
        });
        m.CreateIndex("IX_TipContributors_Channel_UserExternalId", "TipContributors", ["Channel", "UserExternalId"], unique: true);
        m.CreateIndex("IX_TipContributors_InstitutionId", "TipContributors", "InstitutionId");
        m.CreateIndex("IX_TipContributors_InviteId", "TipContributors", "InviteId");

        m.CreateTable("Tips", t => new
        {
            Id = t.Column<long>(nullable: false).Identity(),
            Ticket = t.Column<string>(maxLength: 32, nullable: false),
            Channel = t.Column<string>(maxLength: 32, nullable: false),
            ConversationExternalId = t.Column<string>(maxLength: 128, nullable: false),
            UserExternalId = t.Column<string>(maxLength: 128, nullable: false),
            AuthorName = t.Column<string>(maxLength: 200, nullable: true),
            Language = t.Column<string>(maxLength: 8, nullable: false),
            Text = t.Column<string>(maxLength: 4000, nullable: false),
            Latitude = t.Column<double>(nullable: true),
            Longitude = t.Column<double>(nullable: true),
            ContactPhone = t.Column<string>(maxLength: 32, nullable: true),
            ContactName = t.Column<string>(maxLength: 200, nullable: true),
            ContributorId = t.Column<long>(nullable: true),
            InstitutionId = t.Column<string>(maxLength: 64, nullable: true),
            Unit = t.Column<string>(maxLength: 200, nullable: true),
            State = t.Column<string>(maxLength: 32, nullable: false),
            DecidedBy = t.Column<string>(maxLength: 200, nullable: true),
            DecidedAt = t.Column<DateTime>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Tips", x => x.Id);
            t.ForeignKey("FK_Tips_Institutions_InstitutionId", x => x.InstitutionId, "Institutions", "Id", onDelete: ReferentialAction.Restrict);
            t.ForeignKey("FK_Tips_TipContributors_ContributorId", x => x.ContributorId, "TipContributors", "Id", onDelete: ReferentialAction.SetNull);
        });
        m.CreateIndex("IX_Tips_Channel_UserExternalId_CreatedAt", "Tips", ["Channel", "UserExternalId", "CreatedAt"]);
        m.CreateIndex("IX_Tips_ContributorId", "Tips", "ContributorId");
        m.CreateIndex("IX_Tips_InstitutionId", "Tips", "InstitutionId");
        m.CreateIndex("IX_Tips_State_DecidedAt", "Tips", ["State", "DecidedAt"]);
        m.CreateIndex("IX_Tips_Ticket", "Tips", "Ticket", unique: true);

        m.CreateTable("TipAttachments", t => new
        {
            Id = t.Column<long>(nullable: false).Identity(),
            TipId = t.Column<long>(nullable: false),
            Kind = t.Column<string>(maxLength: 16, nullable: false),
            ChannelFileId = t.Column<string>(maxLength: 512, nullable: false),
            OriginalName = t.Column<string>(maxLength: 255, nullable: true),
            MediaType = t.Column<string>(maxLength: 128, nullable: true),
            Size = t.Column<long>(nullable: true),
            State = t.Column<string>(maxLength: 32, nullable: false),
            StoredPath = t.Column<string>(maxLength: 512, nullable: true),
            Attempts = t.Column<int>(nullable: false),
            NextAttemptAt = t.Column<DateTime>(nullable: false),
            LastError = t.Column<string>(maxLength: 1000, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_TipAttachments", x => x.Id);
            t.ForeignKey("FK_TipAttachments_Tips_TipId", x => x.TipId, "Tips", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_TipAttachments_State_NextAttemptAt", "TipAttachments", ["State", "NextAttemptAt"]);
        m.CreateIndex("IX_TipAttachments_TipId", "TipAttachments", "TipId");

        m.CreateTable("TipEvents", t => new
        {
            Id = t.Column<long>(nullable: false).Identity(),
            TipId = t.Column<long>(nullable: false),
            Kind = t.Column<string>(maxLength: 32, nullable: false),
            Actor = t.Column<string>(maxLength: 200, nullable: false),
            Note = t.Column<string>(maxLength: 4000, nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_TipEvents", x => x.Id);
            t.ForeignKey("FK_TipEvents_Tips_TipId", x => x.TipId, "Tips", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_TipEvents_TipId", "TipEvents", "TipId");

        m.CreateTable("TipTicketCounters", t => new
        {
            Period = t.Column<string>(maxLength: 8, nullable: false),
            LastNumber = t.Column<int>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_TipTicketCounters", x => x.Period));

        m.CreateTable("TipBlocks", t => new
        {
            Id = t.Column<long>(nullable: false).Identity(),
            Channel = t.Column<string>(maxLength: 32, nullable: false),
            UserExternalId = t.Column<string>(maxLength: 128, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_TipBlocks", x => x.Id));
        m.CreateIndex("IX_TipBlocks_Channel_UserExternalId", "TipBlocks", ["Channel", "UserExternalId"], unique: true);
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[] { "TipBlocks", "TipTicketCounters", "TipEvents", "TipAttachments", "Tips", "TipContributors", "TipInvites", "TipDrafts" })
        {
            m.DropTable(table);
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

namespace Humas.Bot.Storage.Migrations.HandWritten;

/// <summary>
/// Conversations, their subscriptions and the delivery outbox. Hand-written like Foundation: names follow
/// EF Core's conventions (PK_, IX_Table_Columns, FK_Child_Parent_Column) so the migrated schema equals the
/// model's.
/// </summary>
public abstract class DeliverySchema : Migration
{
    protected override void Up(MigrationBuilder m)
    {
        m.CreateTable("Conversations", t => new
        {
            Id = t.Column<long>(nullable: false).Identity(),
            Channel = t.Column<string>(maxLength: 32, nullable: false),
            ExternalId = t.Column<string>(maxLength: 128, nullable: false),
            Kind = t.Column<string>(maxLength: 32, nullable: false),
            Language = t.Column<string>(maxLength: 8, nullable: false),
            Status = t.Column<string>(maxLength: 32, nullable: false),
            StatusReason = t.Column<string>(maxLength: 500, nullable: true),
            Title = t.Column<string>(maxLength: 200, nullable: true),
            TenantId = t.Column<string>(maxLength: 128, nullable: true),
            ServiceUrl = t.Column<string>(maxLength: 512, nullable: true),
            DeliveryMode = t.Column<string>(maxLength: 32, nullable: false),
            DigestHour = t.Column<int>(nullable: false),
            DigestDay = t.Column<string>(maxLength: 32, nullable: false),
            LastDigestAt = t.Column<DateTime>(nullable: true),
            QuietStartMinute = t.Column<int>(nullable: true),
            QuietEndMinute = t.Column<int>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_Conversations", x => x.Id));
        m.CreateIndex("IX_Conversations_Channel_ExternalId", "Conversations", ["Channel", "ExternalId"], unique: true);

        m.CreateTable("Subscriptions", t => new
        {
            Id = t.Column<long>(nullable: false).Identity(),
            ConversationId = t.Column<long>(nullable: false),
            Target = t.Column<string>(maxLength: 32, nullable: false),
            Value = t.Column<string>(maxLength: 100, nullable: false),
            CreatedAt = t.Column<DateTime>(nullable: false),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Subscriptions", x => x.Id);
            t.ForeignKey("FK_Subscriptions_Conversations_ConversationId", x => x.ConversationId, "Conversations", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_Subscriptions_ConversationId_Target_Value", "Subscriptions", ["ConversationId", "Target", "Value"], unique: true);

        m.CreateTable("Deliveries", t => new
        {
            Id = t.Column<long>(nullable: false).Identity(),
            Kind = t.Column<string>(maxLength: 32, nullable: false),
            ArticleId = t.Column<Guid>(nullable: true),
            ConversationId = t.Column<long>(nullable: false),
            State = t.Column<string>(maxLength: 32, nullable: false),
            Priority = t.Column<int>(nullable: false),
            Attempts = t.Column<int>(nullable: false),
            NextAttemptAt = t.Column<DateTime>(nullable: false),
            LeaseOwner = t.Column<string>(maxLength: 64, nullable: true),
            LeaseExpiresAt = t.Column<DateTime>(nullable: true),
            MessageId = t.Column<string>(maxLength: 128, nullable: true),
            SentRevision = t.Column<int>(nullable: false),
            LastError = t.Column<string>(maxLength: 1000, nullable: true),
            Payload = t.Column<string>(nullable: true),
            CreatedAt = t.Column<DateTime>(nullable: false),
            UpdatedAt = t.Column<DateTime>(nullable: false),
            SentAt = t.Column<DateTime>(nullable: true),
        }, constraints: t =>
        {
            t.PrimaryKey("PK_Deliveries", x => x.Id);
            t.ForeignKey("FK_Deliveries_Articles_ArticleId", x => x.ArticleId, "Articles", "Id", onDelete: ReferentialAction.Cascade);
            t.ForeignKey("FK_Deliveries_Conversations_ConversationId", x => x.ConversationId, "Conversations", "Id", onDelete: ReferentialAction.Cascade);
        });
        m.CreateIndex("IX_Deliveries_ArticleId_ConversationId", "Deliveries", ["ArticleId", "ConversationId"], unique: true);
        m.CreateIndex("IX_Deliveries_ConversationId", "Deliveries", "ConversationId");
        m.CreateIndex("IX_Deliveries_State_NextAttemptAt", "Deliveries", ["State", "NextAttemptAt"]);
    }

    protected override void Down(MigrationBuilder m)
    {
        foreach (var table in new[] { "Deliveries", "Subscriptions", "Conversations" })
        {
            m.DropTable(table);
        }
    }
}

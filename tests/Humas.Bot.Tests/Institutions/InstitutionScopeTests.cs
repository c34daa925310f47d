using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Feedback.Model;
using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tests.Admin;
using Humas.Bot.Tests.Support;
using Humas.Bot.Tips.Model;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Tests.Institutions;

/// <summary>
/// A context restricted to some institutions sees only their rows, by the query filters every part declares
/// beside its entities; an unrestricted one sees everything, with no filter in its SQL.
/// </summary>
public abstract class InstitutionScopeTests(DatabaseKind kind)
{
    [Fact]
    public async Task A_restricted_context_sees_only_its_institutions_rows_and_what_hangs_off_them()
    {
        using var database = new TestDatabase(kind: kind);
        Guid sosial, negara;
        await using (var db = database.CreateDbContext())
        {
            sosial = (await AdminSeed.ArticleAsync(db, "kemensos", "Bansos tahap dua")).Id;
            negara = (await AdminSeed.ArticleAsync(db, "setneg", "Sidang kabinet")).Id;
            var reader = new Conversation { Channel = "test", ExternalId = "1", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
            var other = new Conversation { Channel = "test", ExternalId = "2", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
            var waiting = new Conversation { Channel = "test", ExternalId = "3", Kind = ConversationKind.Channel, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
            db.AddRange(reader, other, waiting);
            await db.SaveChangesAsync();
            db.Add(new Subscription { ConversationId = reader.Id, Target = SubscriptionTarget.Institution, Value = "kemensos" });
            db.Add(new Subscription { ConversationId = other.Id, Target = SubscriptionTarget.Institution, Value = "setneg" });
            db.Add(new DeliveryRecord { ArticleId = sosial, ConversationId = reader.Id, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
            db.Add(new DeliveryRecord { ArticleId = negara, ConversationId = other.Id, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow });
            db.Add(new Vote { ArticleId = negara, VoterKey = "test:2", OptionId = 1, UpdatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            var tip = await AdminSeed.TipAsync(db);
            tip.InstitutionId = "setneg";
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateDbContext().RestrictTo(["kemensos"]))
        {
            Assert.Equal(["kemensos"], await db.Set<Institution>().Select(i => i.Id).ToListAsync());
            Assert.Equal([sosial], await db.Set<Article>().Select(a => a.Id).ToListAsync());
            Assert.Equal([sosial], await db.Set<DeliveryRecord>().Select(d => d.ArticleId!.Value).ToListAsync());
            Assert.Empty(await db.Set<Vote>().ToListAsync());
            Assert.Empty(await db.Set<Tip>().ToListAsync());
            Assert.Empty(await db.Set<TipEvent>().ToListAsync());
            Assert.Equal(["1", "3"], await db.Set<Conversation>().OrderBy(c => c.ExternalId).Select(c => c.ExternalId).ToListAsync());
            Assert.Null(await db.Set<Article>().SingleOrDefaultAsync(a => a.Id == negara));
        }

        await using (var db = database.CreateDbContext().RestrictTo([]))
        {
            Assert.Empty(await db.Set<Article>().ToListAsync());
            Assert.Empty(await db.Set<Institution>().ToListAsync());
        }

        await using (var db = database.CreateDbContext())
        {
            Assert.Equal(2, await db.Set<Article>().CountAsync());
            Assert.Equal(1, await db.Set<Tip>().CountAsync());
            Assert.DoesNotContain("InstitutionId\" IN", db.Set<Article>().ToQueryString(), StringComparison.Ordinal);
        }
    }
}

public sealed class InstitutionScopeTestsOnSqlite() : InstitutionScopeTests(DatabaseKind.Sqlite);

public sealed class InstitutionScopeTestsOnPostgres() : InstitutionScopeTests(DatabaseKind.Postgres);

using Humas.Bot.Ingestion.Model;
using Humas.Bot.Storage.Scoping;

namespace Humas.Bot.Delivery.Model;

/// <summary>The delivery log of an institution's editor: the deliveries of its articles (digests, which mix institutions, are national).</summary>
internal sealed class DeliveryScopeRule : IInstitutionScopeRule
{
    public void Apply(InstitutionScopeBuilder scope) =>
        scope.Where<DeliveryRecord>((d, db) => db.Set<Article>().Any(a => a.Id == d.ArticleId));
}

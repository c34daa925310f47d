using Humas.Bot.Storage.Scoping;

namespace Humas.Bot.Ingestion.Model;

/// <summary>An institution's editor sees its articles and sources; events and revisions through their article.</summary>
internal sealed class IngestionScopeRule : IInstitutionScopeRule
{
    public void Apply(InstitutionScopeBuilder scope)
    {
        scope.ByInstitution<Article>(a => a.InstitutionId);
        scope.ByInstitution<Source>(s => s.InstitutionId);
        scope.Where<ArticleEvent>((e, db) => db.Set<Article>().Any(a => a.Id == e.ArticleId));
        scope.Where<ArticleRevision>((r, db) => db.Set<Article>().Any(a => a.Id == r.ArticleId));
    }
}

using Humas.Bot.Ingestion.Model;
using Humas.Bot.Storage.Scoping;

namespace Humas.Bot.Feedback.Model;

/// <summary>Votes and tallies count for an institution's editor on its own articles.</summary>
internal sealed class FeedbackScopeRule : IInstitutionScopeRule
{
    public void Apply(InstitutionScopeBuilder scope)
    {
        scope.Where<Vote>((v, db) => db.Set<Article>().Any(a => a.Id == v.ArticleId));
        scope.Where<ReactionTallyRow>((t, db) => db.Set<Article>().Any(a => a.Id == t.ArticleId));
    }
}

using Humas.Bot.Storage.Scoping;

namespace Humas.Bot.Subscriptions;

/// <summary>
/// An institution's subscribers are the conversations that follow it. A channel or group that follows nothing yet
/// is waiting for an editor to connect it, and every editor sees it, so a ministry can claim its own channel.
/// </summary>
internal sealed class SubscriptionScopeRule : IInstitutionScopeRule
{
    public void Apply(InstitutionScopeBuilder scope) =>
        scope.Where<Conversation>((c, db) =>
            db.Set<Subscription>().Any(s => s.ConversationId == c.Id && s.Target == SubscriptionTarget.Institution && db.ScopeInstitutions.Contains(s.Value))
            || ((c.Kind == ConversationKind.Channel || c.Kind == ConversationKind.Group)
                && !db.Set<Subscription>().Any(s => s.ConversationId == c.Id)));
}

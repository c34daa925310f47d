using Humas.Bot.Channels.Teams.Cards;
using Humas.Bot.Channels.Teams.Connector;
using Humas.Bot.Delivery.Channels;
using Microsoft.Extensions.Options;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Channels.Teams;

/// <summary>
/// Teams behind the delivery engine's seam: articles and digests as Adaptive Cards (one attachment, no text
/// beside it, so Teams does not split the message and the id stays editable), plain text otherwise, sent
/// to the conversation's stored serviceUrl. Limits: per conversation 7/1s, 8/2s, 60/30s, 1800/h and
/// <c>Teams:TenantPerSecond</c> per tenant, per app. Every call goes through the conversation's app
/// (<see cref="TeamsApps"/>: the national one or its institution's own), with that app's token and limiter; a
/// conversation whose app is no longer configured fails with <see cref="TeamsAppUnknownException"/>, never through
/// another app. No retries or sleeps here: errors are thrown and classified.
/// </summary>
public sealed class TeamsDeliveryChannel(
    ConnectorClient connector,
    TeamsCardBuilder cards,
    TeamsApps apps,
    IOptionsMonitor<TeamsOptions> teams) : IDeliveryChannel
{
    public const string ChannelName = "teams";

    /// <summary>Teams refuses messages over about 100 KB; digests are split well below that.</summary>
    public const int MaxTextLength = 20_000;

    public string Name => ChannelName;

    public bool IsEnabled => teams.CurrentValue.Enabled;

    /// <summary>The national app's; each institution's app has its own (<see cref="RateLimitsOf"/>).</summary>
    public ChannelRateLimits RateLimits { get; } = Limits(teams.CurrentValue.TenantPerSecond, teams.CurrentValue.TenantId);

    /// <summary>
    /// The gateway keeps one limiter per app (<see cref="SenderOf"/>): Teams' limits are per app (per bot and per app
    /// per tenant), so each institution's app has the whole of them, paced as single-tenant when its tenant is known.
    /// </summary>
    public ChannelRateLimits RateLimitsOf(string sender) =>
        sender.Length > 0 && apps.Find(sender) is { } app
            ? Limits(teams.CurrentValue.TenantPerSecond, app.TenantId)
            : RateLimits;

    /// <summary>The conversation's app: "" the national one, else its institution's own.</summary>
    public string SenderOf(ConversationAddress to) => to.Account;

    /// <summary>
    /// Teams' windows, plus for a single-tenant bot (Teams:TenantId set: every send goes to one tenant) the
    /// tenant rate once more as the bot-wide rate at <see cref="PacedShare"/> of it, where the engine spaces
    /// grants evenly: bursts of the whole second's allowance arrive at the Connector as bursts, and a sliding
    /// window there then answers 429 at the turn of each second (teams-fanout, docs/PERFORMANCE.md).
    /// </summary>
    public static ChannelRateLimits Limits(int tenantPerSecond, string? tenantId)
    {
        var limits = TeamsRateLimits.For(tenantPerSecond);
        if (string.IsNullOrEmpty(tenantId))
        {
            return limits;
        }

        var paced = Math.Max(1, (int)Math.Floor(tenantPerSecond * PacedShare));
        return limits with { Bot = [Rate.PerSecond(paced)] };
    }

    /// <summary>The share of the tenant rate a single-tenant bot paces itself to, leaving room for network jitter.</summary>
    public const double PacedShare = 0.96;

    public int MaxMessageLength => MaxTextLength;

    public async Task<SentMessage> SendAsync(ConversationAddress to, OutboundMessage message, CancellationToken ct)
    {
        var sent = await connector.SendAsync(apps.For(to), TeamsReference.Of(to).ServiceUrl, to.ExternalId, Render(message), ct);
        return new SentMessage(sent.Id ?? "");
    }

    public Task EditAsync(ConversationAddress to, string messageId, OutboundMessage message, CancellationToken ct) =>
        connector.UpdateAsync(apps.For(to), TeamsReference.Of(to).ServiceUrl, to.ExternalId, messageId, Render(message), ct);

    public async Task DeleteAsync(ConversationAddress to, string messageId, CancellationToken ct)
    {
        try
        {
            await connector.DeleteAsync(apps.For(to), TeamsReference.Of(to).ServiceUrl, to.ExternalId, messageId, ct);
        }
        catch (TeamsConnectorException e) when (e.Status == System.Net.HttpStatusCode.NotFound && !e.Names(TeamsFailureClassifier.ConversationNotFound))
        {
            // The message is already gone: a recall has nothing left to do.
        }
    }

    public string? TenantOf(ConversationAddress to) => TeamsReference.Of(to).TenantId;

    /// <summary>
    /// In a team channel or group chat: Bot Framework does not tell owners from members, so a member who is
    /// not a guest may change what the conversation receives (see docs/TEAMS.md).
    /// </summary>
    public async Task<bool> MayManageAsync(ConversationAddress at, string userId, CancellationToken ct)
    {
        var reference = TeamsReference.Of(at);
        var member = await connector.GetMemberAsync(apps.For(at), reference.ServiceUrl, reference.TeamId ?? at.ExternalId, userId, ct);
        return member is not null && !string.Equals(member.UserRole, "guest", StringComparison.OrdinalIgnoreCase);
    }

    public DeliveryFailure Classify(Exception error) =>
        TeamsFailureClassifier.Classify(error, TimeSpan.FromSeconds(teams.CurrentValue.TokenRetrySeconds));

    private static string Cut(string text) => text.Length <= MaxTextLength ? text : text[..MaxTextLength];

    public Activity Render(OutboundMessage message) => message switch
    {
        ArticleMessage article => Activity.FromCard(cards.Article(article)),
        DigestMessage digest => Activity.FromCard(cards.Digest(digest)),
        TextMessage text => Activity.FromText(Cut(text.Text)),
        ReplyMessage { Buttons.Count: 0, Links.Count: 0 } reply => Activity.FromText(Cut(reply.Text)),
        ReplyMessage reply => Activity.FromCard(cards.Reply(new(reply.Text, reply.Buttons) { Links = reply.Links }, reply.Language)),
        PromptMessage prompt => Activity.FromCard(cards.Prompt(prompt)),
        _ => throw new NotSupportedException($"Teams cannot show a {message.GetType().Name}."),
    };
}

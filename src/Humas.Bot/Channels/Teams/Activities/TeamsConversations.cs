using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Humas.Bot.Channels.Teams.Connector;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Localization;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tips;

namespace Humas.Bot.Channels.Teams.Activities;

/// <summary>Teams activities in the core's words: conversation addresses (the stored reference), authors, voters and plain text.</summary>
public static partial class TeamsConversations
{
    public const string Channel = TeamsDeliveryChannel.ChannelName;

    /// <summary>The conversation without a channel thread's ";messageid=…" suffix: one stored row per channel.</summary>
    public static string ConversationId(Activity activity)
    {
        var id = activity.Conversation?.Id ?? "";
        var thread = id.IndexOf(";messageid=", StringComparison.OrdinalIgnoreCase);
        return thread < 0 ? id : id[..thread];
    }

    public static ConversationKind Kind(Activity activity) => activity.Conversation?.ConversationType switch
    {
        "channel" => ConversationKind.Channel,
        "groupChat" => ConversationKind.Group,
        _ when activity.Conversation?.IsGroup == true => ConversationKind.Group,
        _ => ConversationKind.Private,
    };

    /// <summary>The tenant from the conversation, else from channelData.tenant.id (present in every Teams context).</summary>
    public static string? TenantId(Activity activity) =>
        activity.Conversation?.TenantId is { Length: > 0 } tenant ? tenant
        : activity.ChannelData is { ValueKind: JsonValueKind.Object } data
          && data.TryGetProperty("tenant", out var t) && t.ValueKind == JsonValueKind.Object
          && t.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

    /// <summary>The team's id in channel context (channelData.team.id), needed to look up a member's role.</summary>
    public static string? TeamId(Activity activity) =>
        activity.ChannelData is { ValueKind: JsonValueKind.Object } data
        && data.TryGetProperty("team", out var t) && t.ValueKind == JsonValueKind.Object
        && t.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;

    /// <summary>
    /// The stored reference, refreshed from every activity: id, kind, tenant and the (regional) serviceUrl; held with the
    /// app the activity came to (<paramref name="account"/>: "" the national app, else the institution whose own app it is).
    /// </summary>
    public static ConversationAddress Address(Activity activity, string account) =>
        new(Channel, ConversationId(activity), Kind(activity), new TeamsReference(activity.ServiceUrl, TenantId(activity), TeamId(activity)).ToChannelData())
        {
            Account = account,
            // Each app has its own personal-chat id for one person: the Entra object id tells it is the same person.
            PersonId = Kind(activity) == ConversationKind.Private && activity.From?.AadObjectId is { Length: > 0 } aad ? aad : null,
        };

    /// <summary>Where a reply to <paramref name="activity"/> goes: its own conversation, so a channel post's thread stays a thread.</summary>
    public static ConversationAddress ReplyAddress(Activity activity, string account) =>
        Address(activity, account) with { ExternalId = activity.Conversation?.Id ?? "" };

    /// <summary>
    /// A press's id for counting it once: the activity's id, which Teams makes unique within its conversation (the
    /// whole conversation id, thread included). Null when the activity has none.
    /// </summary>
    public static string? PressId(Activity activity) =>
        activity.Id is { Length: > 0 } id ? $"{Channel}:{activity.Conversation?.Id}/{id}" : null;

    public static string? Title(Activity activity) =>
        activity.Conversation?.Name is { Length: > 0 } name ? name : Kind(activity) == ConversationKind.Private ? activity.From?.Name : null;

    public static string Language(Activity activity) => Languages.Normalize(activity.Locale);

    /// <summary>A person, stable across their chats with this bot: the Entra object id when Teams gives it.</summary>
    public static string UserId(Activity activity) =>
        activity.From?.AadObjectId is { Length: > 0 } aad ? aad : activity.From?.Id ?? "";

    public static TipAuthor Author(Activity activity, string account, string language) =>
        new(Channel, ConversationId(activity), UserId(activity), activity.From?.Name, language) { Account = account };

    public static string VoterKey(Activity activity) => $"{Channel}:{UserId(activity)}";

    /// <summary>True when the bot itself is among <paramref name="members"/> (it was added or removed).</summary>
    public static bool IncludesBot(Activity activity, IEnumerable<ChannelAccount>? members) =>
        members?.Any(m => m.Id is { Length: > 0 } id && id == activity.Recipient?.Id) == true;

    /// <summary>The words typed: mentions (&lt;at&gt;Humas&lt;/at&gt;) and markup removed, entities decoded.</summary>
    public static string PlainText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var withoutMentions = Mention().Replace(text, " ");
        var withoutTags = Tag().Replace(withoutMentions, " ");
        return Spaces().Replace(WebUtility.HtmlDecode(withoutTags), " ").Trim();
    }

    [GeneratedRegex("<at>.*?</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Mention();

    [GeneratedRegex("<[^>]+>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex(@"[ \t]+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace Humas.Bot.Channels.Teams.Connector;

/// <summary>
/// A Bot Framework activity, with the fields Humas Bot reads or writes.
/// Serialized in camelCase with null members omitted (<see cref="TeamsJsonContext"/>).
/// </summary>
public sealed class Activity
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
    public const string Invoke = "invoke";
    public const string MessageReaction = "messageReaction";

    public string? Type { get; set; }
    public string? Id { get; set; }
    public string? Timestamp { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ChannelId { get; set; }
    public ChannelAccount? From { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public string? Text { get; set; }
    public string? TextFormat { get; set; }
    public string? Locale { get; set; }
    public string? Name { get; set; }
    public string? Action { get; set; }
    public string? ReplyToId { get; set; }
    public JsonElement? Value { get; set; }
    public List<Attachment>? Attachments { get; set; }
    public List<ChannelAccount>? MembersAdded { get; set; }
    public List<ChannelAccount>? MembersRemoved { get; set; }
    public JsonElement? ChannelData { get; set; }

    /// <summary>A plain outgoing message.</summary>
    public static Activity FromText(string text) => new() { Type = Message, Text = text, TextFormat = "plain" };

    /// <summary>A message that carries one Adaptive Card and nothing else (text beside a card can split it in two).</summary>
    public static Activity FromCard(JsonObject card) => new()
    {
        Type = Message,
        Attachments = [new Attachment { ContentType = Attachment.AdaptiveCard, Content = card }],
    };
}

public sealed class ChannelAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadObjectId { get; set; }
    public string? Role { get; set; }
}

/// <summary>A member as GET v3/conversations/{id}/members/{userId} describes them; userRole is "user" or "guest".</summary>
public sealed class TeamsChannelAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadObjectId { get; set; }
    public string? UserRole { get; set; }
}

public sealed class ConversationAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? ConversationType { get; set; }
    public bool? IsGroup { get; set; }
    public string? TenantId { get; set; }
}

public sealed class Attachment
{
    public const string AdaptiveCard = "application/vnd.microsoft.card.adaptive";
    public const string FileDownloadInfo = "application/vnd.microsoft.teams.file.download.info";

    public string? ContentType { get; set; }
    public string? ContentUrl { get; set; }
    public string? Name { get; set; }
    public JsonNode? Content { get; set; }
}

/// <summary>The answer to a send or reply: the new activity's id, kept to edit the message later.</summary>
public sealed class ResourceResponse
{
    public string? Id { get; set; }
}

/// <summary>POST v3/conversations: a 1:1 chat created proactively.</summary>
public sealed class ConversationParameters
{
    public bool IsGroup { get; set; }
    public ChannelAccount? Bot { get; set; }
    public List<ChannelAccount>? Members { get; set; }
    public string? TenantId { get; set; }
    public Activity? Activity { get; set; }
    public JsonObject? ChannelData { get; set; }
}

public sealed class ConversationResourceResponse
{
    public string? Id { get; set; }
    public string? ActivityId { get; set; }
    public string? ServiceUrl { get; set; }
}

/// <summary>The body of an answer to an invoke (<c>adaptiveCard/action</c>): a card, a message or an error.</summary>
public sealed class InvokeResponseBody
{
    public const string CardType = "application/vnd.microsoft.card.adaptive";
    public const string MessageType = "application/vnd.microsoft.activity.message";
    public const string ErrorType = "application/vnd.microsoft.error";

    public int StatusCode { get; set; }
    public string? Type { get; set; }
    public JsonNode? Value { get; set; }
}

/// <summary>The client-credentials token answer.</summary>
public sealed class TokenResponse
{
    [System.Text.Json.Serialization.JsonPropertyName("token_type")]
    public string? TokenType { get; set; }

    [System.Text.Json.Serialization.JsonPropertyName("expires_in")]
    public int ExpiresIn { get; set; }

    [System.Text.Json.Serialization.JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }
}

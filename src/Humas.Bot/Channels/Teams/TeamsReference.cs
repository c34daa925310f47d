using System.Text.Json;
using System.Text.Json.Serialization;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Channels.Teams;

/// <summary>
/// What Teams needs beyond the conversation id, kept in the address's <see cref="ConversationAddress.ChannelData"/>:
/// the (regional) serviceUrl every proactive call goes to, the tenant whose per-tenant limit it counts
/// against, and in a team channel the team id that member lookups use. Only the Teams adapter reads it.
/// </summary>
public sealed record TeamsReference(
    [property: JsonPropertyName("serviceUrl")] string? ServiceUrl,
    [property: JsonPropertyName("tenantId")] string? TenantId,
    [property: JsonPropertyName("teamId")] string? TeamId = null)
{
    public static TeamsReference Empty { get; } = new(null, null);

    public string? ToChannelData() =>
        ServiceUrl is null && TenantId is null && TeamId is null ? null : JsonSerializer.Serialize(this, TeamsReferenceJson.Default.TeamsReference);

    /// <summary>The reference in <paramref name="to"/>; empty when there is none or it is not ours.</summary>
    public static TeamsReference Of(ConversationAddress to)
    {
        if (string.IsNullOrEmpty(to.ChannelData))
        {
            return Empty;
        }

        try
        {
            return JsonSerializer.Deserialize(to.ChannelData, TeamsReferenceJson.Default.TeamsReference) ?? Empty;
        }
        catch (JsonException)
        {
            return Empty;
        }
    }
}

[JsonSerializable(typeof(TeamsReference))]
internal sealed partial class TeamsReferenceJson : JsonSerializerContext;

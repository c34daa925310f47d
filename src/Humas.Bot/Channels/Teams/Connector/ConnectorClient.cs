using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Humas.Bot.Channels.Teams.Auth;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Channels.Teams.Connector;

/// <summary>
/// The Bot Connector REST API, one method per call, relative to the
/// conversation's serviceUrl. Every call is made as one app (<see cref="TeamsApp"/>: the national one or an
/// institution's own) and carries that app's token; errors become
/// <see cref="TeamsConnectorException"/> with the platform's code and Retry-After, and are logged with
/// X-Correlating-OperationId. No retries here: the delivery engine decides.
/// </summary>
public sealed class ConnectorClient(
    IHttpClientFactory http, ConnectorTokenProvider tokens, IOptionsMonitor<TeamsOptions> options, ILogger<ConnectorClient> log)
{
    public const string CorrelationHeader = "X-Correlating-OperationId";

    public async Task<ResourceResponse> SendAsync(TeamsApp app, string? serviceUrl, string conversationId, Activity activity, CancellationToken ct) =>
        await CallAsync(app, HttpMethod.Post, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities", activity,
            TeamsJsonContext.Default.ResourceResponse, "send", ct) ?? new ResourceResponse();

    public async Task<ResourceResponse> ReplyAsync(TeamsApp app, string? serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken ct)
    {
        activity.ReplyToId = activityId;
        return await CallAsync(app, HttpMethod.Post, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", activity,
            TeamsJsonContext.Default.ResourceResponse, "reply", ct) ?? new ResourceResponse();
    }

    /// <summary>PUT: replaces a sent message (the full new activity), e.g. a card with new counters.</summary>
    public async Task UpdateAsync(TeamsApp app, string? serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken ct)
    {
        activity.Id = activityId;
        await CallAsync(app, HttpMethod.Put, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", activity,
            TeamsJsonContext.Default.ResourceResponse, "update", ct);
    }

    public Task DeleteAsync(TeamsApp app, string? serviceUrl, string conversationId, string activityId, CancellationToken ct) =>
        CallAsync<ResourceResponse>(app, HttpMethod.Delete, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}", null,
            TeamsJsonContext.Default.ResourceResponse, "delete", ct);

    /// <summary>One member of a team or chat, with their role ("user", "guest").</summary>
    public Task<TeamsChannelAccount?> GetMemberAsync(TeamsApp app, string? serviceUrl, string conversationId, string userId, CancellationToken ct) =>
        CallAsync(app, HttpMethod.Get, serviceUrl, $"v3/conversations/{Escape(conversationId)}/members/{Escape(userId)}", null,
            TeamsJsonContext.Default.TeamsChannelAccount, "get member", ct);

    /// <summary>Creates (or finds) the 1:1 chat with a user of the tenant; store the answer's id and serviceUrl.</summary>
    public async Task<ConversationResourceResponse> CreateConversationAsync(TeamsApp app, string? serviceUrl, string userId, string tenantId, Activity? first, CancellationToken ct)
    {
        var parameters = new ConversationParameters
        {
            IsGroup = false,
            Bot = new ChannelAccount { Id = app.BotId },
            Members = [new ChannelAccount { Id = userId }],
            TenantId = tenantId,
            Activity = first,
            ChannelData = new System.Text.Json.Nodes.JsonObject { ["tenant"] = new System.Text.Json.Nodes.JsonObject { ["id"] = tenantId } },
        };
        return await CallAsync(app, HttpMethod.Post, serviceUrl, "v3/conversations", parameters,
            TeamsJsonContext.Default.ConversationResourceResponse, "create conversation", ct)
            ?? throw new TeamsConnectorException("create conversation", HttpStatusCode.OK, null, null, "empty answer", null, null);
    }

    private async Task<TResult?> CallAsync<TResult>(
        TeamsApp app, HttpMethod method, string? serviceUrl, string path, object? body, JsonTypeInfo<TResult> resultType, string operation, CancellationToken ct)
        where TResult : class
    {
        var baseUrl = string.IsNullOrEmpty(serviceUrl) ? options.CurrentValue.DefaultServiceUrl : serviceUrl;
        var url = new Uri(baseUrl.EndsWith('/') ? baseUrl + path : baseUrl + "/" + path);
        if (!TeamsOptions.MayReceiveToken(url))
        {
            // The serviceUrl came with an activity: the bot's token goes to Bot Framework's hosts only.
            throw new TeamsConnectorException(operation, HttpStatusCode.Forbidden, "ServiceUrlNotAllowed", null,
                $"{url.Host} is not a Bot Framework or Teams host; the bot's token is not sent there", null, null);
        }

        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetTokenAsync(app, ct));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, TeamsJsonContext.Default.GetTypeInfo(body.GetType())!);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.CurrentValue.RequestTimeoutSeconds));
        using var response = await http.CreateClient(TeamsRegistration.HttpClientName).SendAsync(request, timeout.Token);
        if (response.IsSuccessStatusCode)
        {
            var length = response.Content.Headers.ContentLength;
            if (length == 0 || response.StatusCode == HttpStatusCode.NoContent)
            {
                return null;
            }

            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            return text.Length == 0 ? null : JsonSerializer.Deserialize(text, resultType);
        }

        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            tokens.Forget(app);
        }

        var error = await ReadErrorAsync(response, timeout.Token);
        var correlation = response.Headers.TryGetValues(CorrelationHeader, out var values) ? values.FirstOrDefault() : null;
        var failure = new TeamsConnectorException(operation, response.StatusCode, error.Code, error.SubCode, error.Message, RetryAfter(response), correlation);
        log.LogWarning("Teams {Operation} of {App} to {ServiceUrl} failed: {Status} {Code} {SubCode} {Message}; {CorrelationHeader} {CorrelationId}",
            operation, app.ToString(), baseUrl, (int)response.StatusCode, error.Code, error.SubCode, error.Message, CorrelationHeader, correlation);
        throw failure;
    }

    private static async Task<(string? Code, string? SubCode, string? Message)> ReadErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? e : root;
            return (Str(error, "code"), Str(error, "subCode") ?? Str(root, "subCode"), Str(error, "message") ?? (text.Length > 300 ? text[..300] : text));
        }
        catch (JsonException)
        {
            return (null, null, text.Length > 300 ? text[..300] : text);
        }

        static string? Str(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is { } header)
        {
            if (header.Delta is { } delta)
            {
                return delta;
            }

            if (header.Date is { } date)
            {
                var wait = date - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        return response.Headers.TryGetValues("Retry-After", out var raw)
            && double.TryParse(raw.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}

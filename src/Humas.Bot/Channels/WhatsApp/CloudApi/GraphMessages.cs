using System.Text.Json.Serialization;

namespace Humas.Bot.Channels.WhatsApp.CloudApi;

/// <summary>
/// The body of <c>POST /{version}/{phone-number-id}/messages</c>: one of <see cref="Text"/>,
/// <see cref="Interactive"/> or <see cref="Template"/> set, as <see cref="Type"/> says.
/// </summary>
public sealed record OutgoingMessage(string To, string Type)
{
    public string MessagingProduct { get; init; } = "whatsapp";
    public string RecipientType { get; init; } = "individual";
    public TextBody? Text { get; init; }
    public Interactive? Interactive { get; init; }
    public Template? Template { get; init; }

    public static OutgoingMessage OfText(string to, string body) => new(to, "text") { Text = new TextBody(body, PreviewUrl: false) };

    public static OutgoingMessage OfInteractive(string to, Interactive interactive) => new(to, "interactive") { Interactive = interactive };

    public static OutgoingMessage OfTemplate(string to, Template template) => new(to, "template") { Template = template };
}

public sealed record TextBody(string Body, bool PreviewUrl);

public sealed record TextPart(string Text);

public sealed record MediaLink(string Link);

/// <summary>A text header (≤ 60 characters) or, for reply buttons only, an image.</summary>
public sealed record InteractiveHeader(string Type, string? Text = null, MediaLink? Image = null);

/// <summary><c>type</c> "list" (≤ 10 rows) or "button" (≤ 3 reply buttons).</summary>
public sealed record Interactive(string Type, InteractiveHeader? Header, TextPart Body, TextPart? Footer, InteractiveAction Action);

public sealed record InteractiveAction(string? Button = null, IReadOnlyList<ListSection>? Sections = null, IReadOnlyList<ReplyButton>? Buttons = null);

public sealed record ListSection(string? Title, IReadOnlyList<ListRow> Rows);

public sealed record ListRow(string Id, string Title, string? Description);

public sealed record ReplyButton(ReplyButtonReply Reply)
{
    public string Type { get; init; } = "reply";
}

public sealed record ReplyButtonReply(string Id, string Title);

public sealed record Template(string Name, TemplateLanguage Language, IReadOnlyList<TemplateComponent> Components);

public sealed record TemplateLanguage(string Code);

/// <summary>"header", "body", or "button" with <see cref="SubType"/> "quick_reply" and <see cref="Index"/> "0".."9".</summary>
public sealed record TemplateComponent(string Type, IReadOnlyList<TemplateParameter> Parameters, string? SubType = null, string? Index = null);

/// <summary>"text" with <see cref="Text"/>, "payload" with <see cref="Payload"/>, or "image" with <see cref="Image"/>.</summary>
public sealed record TemplateParameter(string Type, string? Text = null, string? Payload = null, MediaLink? Image = null);

/// <summary>Marks a received message read (the reader sees two blue ticks).</summary>
public sealed record MarkRead(string MessageId)
{
    public string MessagingProduct { get; init; } = "whatsapp";
    public string Status { get; init; } = "read";
}

/// <summary>200 means accepted, not delivered: delivery comes later as a status webhook.</summary>
public sealed record SendResult(IReadOnlyList<SentContact>? Contacts, IReadOnlyList<SentId>? Messages)
{
    public string MessageId => Messages is [{ Id: { Length: > 0 } id }, ..] ? id : throw new GraphApiException(200, 0, null, "The answer carried no message id.", null);
}

public sealed record SentContact(string? Input, string? WaId);

public sealed record SentId(string? Id);

public sealed record SuccessResult(bool Success);

/// <summary>
/// <c>GET /{version}/{media-id}</c>: where to download the file (for 5 minutes, with the bearer token).
/// Meta has sent <c>file_size</c> both as a number and as a string.
/// </summary>
public sealed record MediaInfo(
    string? Url,
    string? MimeType,
    string? Sha256,
    [property: JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] long? FileSize,
    string? Id);

/// <summary>Graph's error envelope: <c>{"error":{message,type,code,error_subcode,error_data:{details},fbtrace_id}}</c>.</summary>
public sealed record GraphErrorEnvelope(GraphError? Error);

public sealed record GraphError(string? Message, string? Type, int? Code, int? ErrorSubcode, GraphErrorData? ErrorData, string? FbtraceId);

public sealed record GraphErrorData(string? Details);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OutgoingMessage))]
[JsonSerializable(typeof(MarkRead))]
[JsonSerializable(typeof(SendResult))]
[JsonSerializable(typeof(SuccessResult))]
[JsonSerializable(typeof(MediaInfo))]
[JsonSerializable(typeof(GraphErrorEnvelope))]
internal sealed partial class GraphJsonContext : JsonSerializerContext;

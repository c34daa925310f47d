using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Humas.Bot.FakePlatforms.Telegram;

/// <summary>Writes the Bot API envelope straight into the response pipe, without building an object first.</summary>
internal static partial class FakeReply
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task OkAsync(HttpContext context, Action<Utf8JsonWriter> writeResult)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("ok"u8, true);
            writer.WritePropertyName("result"u8);
            writeResult(writer);
            writer.WriteEndObject();
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>JSON as a person reads it: clients may escape every emoji as \uXXXX, the log shows the emoji.</summary>
    public static string Readable(JsonElement element)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            element.WriteTo(writer);
        }

        // The writer escapes every character beyond the BMP (emoji) whatever its encoder; a surrogate pair is
        // always valid raw in JSON, so put those back.
        return SurrogatePair().Replace(Encoding.UTF8.GetString(buffer.WrittenSpan), m => new string(
            [(char)Convert.ToInt32(m.Groups[1].Value, 16), (char)Convert.ToInt32(m.Groups[2].Value, 16)]));
    }

    [GeneratedRegex(@"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})")]
    private static partial Regex SurrogatePair();

    public static Task TrueAsync(HttpContext context) => OkAsync(context, w => w.WriteBooleanValue(true));

    public static async Task ErrorAsync(HttpContext context, int code, string description, int? retryAfter = null, long? migrateTo = null)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("ok"u8, false);
            writer.WriteNumber("error_code"u8, code);
            writer.WriteString("description"u8, description);
            if (retryAfter is not null || migrateTo is not null)
            {
                writer.WriteStartObject("parameters"u8);
                if (retryAfter is { } seconds)
                {
                    writer.WriteNumber("retry_after"u8, seconds);
                }

                if (migrateTo is { } id)
                {
                    writer.WriteNumber("migrate_to_chat_id"u8, id);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    public static async Task RawAsync(HttpContext context, int status, string body, string contentType = "application/json")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body), context.RequestAborted);
    }
}

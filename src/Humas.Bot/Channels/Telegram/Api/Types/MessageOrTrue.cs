using System.Text.Json.Serialization;
using Humas.Bot.Channels.Telegram.Api.Json;

namespace Humas.Bot.Channels.Telegram.Api.Types;

/// <summary>
/// The result of the editMessage* methods: the edited message, or just <c>true</c> (inline messages; also
/// what emulators answer, some with <c>null</c>). Either way the edit succeeded.
/// </summary>
[JsonConverter(typeof(MessageOrTrueConverter))]
public readonly record struct MessageOrTrue(Message? Message);

using System.CommandLine;
using System.Globalization;
using Humas.Bot.Channels.Telegram.Api;
using Humas.Bot.Channels.Telegram.Updates;
using Humas.Bot.Cli;
using Humas.Bot.Storage.Audit;
using Humas.Bot.Subscriptions;
using Spectre.Console;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace Humas.Bot.Channels.Telegram.Cli;

/// <summary>
/// <c>telegram channels list</c>, <c>telegram channels connect &lt;chat-id|@username&gt; --institution &lt;id&gt;</c> and
/// <c>telegram channels disconnect &lt;chat-id|@username&gt; [--institution &lt;id&gt;]</c>: the Telegram channels and groups
/// the bot was added to, and which institutions' articles are posted there. A chat appears once the bot is
/// made its administrator (a channel) or a member (a group); a forum topic appears once it subscribed, and is
/// addressed <c>{chat id}:{topic}</c>. Connecting and disconnecting are audited like the dashboard's
/// (<c>channel.connect</c>, <c>channel.disconnect</c>).
/// </summary>
public sealed class TelegramCommand(ChatConnections connections, TelegramBotApi api, AuditLog audit, IAnsiConsole console) : ICliCommand
{
    public Command Build() => new("telegram", "Telegram channels and groups") { new Command("channels", "Channels and groups the bot was added to") { List(), Connect(), Disconnect() } };

    private Command List()
    {
        var command = new Command("list", "Every Telegram channel and group with its state and institutions");
        command.SetAction(async (_, ct) =>
        {
            var places = await connections.ListAsync(TelegramChats.Channel, ct);
            var table = new Table().AddColumns("chat id", "kind", "title", "state", "institutions", "note");
            foreach (var p in places)
            {
                table.AddRow(
                    Markup.Escape(p.ExternalId), p.Kind.ToString().ToLowerInvariant(), Markup.Escape(p.Title ?? ""),
                    p.State.ToString().ToLowerInvariant(), Markup.Escape(Follows(p)), Markup.Escape(p.Note ?? ""));
            }

            console.Write(table);
            console.WriteLine(places.Count == 0
                ? "No channel or group yet: make the bot an administrator of the channel (with the right to post messages), then list again."
                : $"{places.Count.ToString(CultureInfo.InvariantCulture)} channel(s) and group(s).");
            return 0;
        });
        return command;
    }

    private Command Connect()
    {
        var chat = new Argument<string>("chat") { Description = "The chat id from `telegram channels list` (e.g. -1001234567890), or @username of a public channel" };
        var institutions = new Option<string[]>("--institution") { Description = "An institution's id, e.g. kominfo; repeat for several", Required = true, AllowMultipleArgumentsPerToken = true };
        var command = new Command("connect", "Post every new article of these institutions into the channel or group") { chat, institutions };
        command.SetAction(async (parse, ct) =>
        {
            var place = await FindAsync(parse.GetValue(chat)!, ct);
            ChatConnection connected;
            try
            {
                connected = await connections.ConnectAsync(place.ConversationId, parse.GetValue(institutions) ?? [], ct);
            }
            catch (ArgumentException e)
            {
                throw new CliException(e.Message, CliRunner.UsageError);
            }

            await audit.WriteAsync(
                CliActor.Current(), "channel.connect", "conversation", connected.ExternalId, $"{connected.Channel}: {string.Join(" ", parse.GetValue(institutions) ?? [])}", ct);
            console.WriteLine($"{Describe(connected)}: connected to {Follows(connected)}.");
            if (connected.State == ChatConnectionState.Inactive)
            {
                console.WriteLine($"Nothing is posted until the bot may post there again: {connected.Note}");
            }

            return 0;
        });
        return command;
    }

    private Command Disconnect()
    {
        var chat = new Argument<string>("chat") { Description = "The chat id from `telegram channels list`, or @username" };
        var institution = new Option<string?>("--institution") { Description = "Only this institution (default: everything it follows)" };
        var command = new Command("disconnect", "Stop posting an institution's (or any) articles into the channel or group") { chat, institution };
        command.SetAction(async (parse, ct) =>
        {
            var place = await FindAsync(parse.GetValue(chat)!, ct);
            var removed = await connections.DisconnectAsync(place.ConversationId, parse.GetValue(institution), ct);
            await audit.WriteAsync(
                CliActor.Current(), "channel.disconnect", "conversation", place.ExternalId, $"{place.Channel}: {parse.GetValue(institution) ?? "all"}", ct);
            var now = (await connections.FindAsync(place.ConversationId, ct))!;
            console.WriteLine($"{Describe(now)}: {removed.ToString(CultureInfo.InvariantCulture)} connection(s) removed; now {now.State.ToString().ToLowerInvariant()}.");
            return 0;
        });
        return command;
    }

    /// <summary>By chat id (as listed), or by @username through getChat, which needs the bot's token.</summary>
    private async Task<ChatConnection> FindAsync(string chat, CancellationToken ct)
    {
        var externalId = chat.Trim();
        if (externalId.StartsWith('@'))
        {
            if (!api.IsEnabled)
            {
                throw new CliException("Telegram is off (Telegram:Token is empty), so @usernames cannot be looked up; use the chat id from `telegram channels list`.");
            }

            try
            {
                externalId = TelegramChats.ExternalId((await api.Client.GetChat(externalId, ct)).Id);
            }
            catch (RequestException e)
            {
                throw new CliException($"Telegram does not know {chat}: {e.Description()}");
            }
        }
        else if (!TelegramChats.TryParse(externalId, out _, out _))
        {
            throw new CliException($"'{chat}' is neither a chat id (e.g. -1001234567890) nor an @username.", CliRunner.UsageError);
        }

        return await connections.FindAsync(TelegramChats.Channel, externalId, ct)
            ?? throw new CliException(
                $"No Telegram channel or group {chat} is known. Make the bot an administrator of the channel (with the right to post messages) or add it to the group; it then appears in `telegram channels list`.");
    }

    private static string Describe(ChatConnection p) => $"{p.Kind.ToString().ToLowerInvariant()} {p.Title ?? p.ExternalId} ({p.ExternalId})";

    private static string Follows(ChatConnection p) =>
        p.FollowsAll ? "all news" + (p.Institutions.Count > 0 ? ", " + string.Join(", ", p.Institutions) : "")
        : p.Institutions.Count > 0 ? string.Join(", ", p.Institutions)
        : "nothing";
}

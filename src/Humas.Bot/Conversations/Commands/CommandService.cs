using Humas.Bot.Ingestion.Model;
using Humas.Bot.Institutions;
using Humas.Bot.Localization;
using Humas.Bot.Storage;
using Humas.Bot.Subscriptions;
using Humas.Bot.Tips;
using Microsoft.EntityFrameworkCore;

using Humas.Bot.Delivery.Channels;

namespace Humas.Bot.Conversations.Commands;

/// <summary>
/// The meaning of every command and menu button, for any channel: the adapter parses its wire format into
/// a <see cref="ChatCommand"/> or a button action and renders the <see cref="ChatReply"/>s it gets back.
/// The tip services come from whichever part registers them, and may be absent (a host without Tips): they are
/// taken as a possibly empty list rather than looked up at run time.
/// </summary>
public sealed class CommandService(
    SubscriptionService subscriptions,
    SettingsMenu settings,
    InstitutionMenu institutions,
    InstitutionDirectory directory,
    FindCommands find,
    FollowMenu follow,
    ITexts texts,
    IEnumerable<ITipConversation> tipFlows,
    IEnumerable<ITipCommands> tipCommands)
{
    private readonly ITipConversation? _tips = tipFlows.LastOrDefault(); // the last registration wins, as with GetService
    private readonly ITipCommands? _tipCommands = tipCommands.LastOrDefault();

    public async Task<IReadOnlyList<ChatReply>> HandleAsync(ChatCommand command, CommandContext context, CancellationToken ct)
    {
        var lang = context.Language;
        switch (command.Name)
        {
            case CommandName.Start:
                return await StartAsync(command.Argument, context, ct);
            case CommandName.Subscribe:
                return await SubscribeAsync(command.Argument, context, ct);
            case CommandName.Stop:
                if (!await MayChangeAsync(context, ct))
                {
                    return [AdminsOnly(lang)];
                }

                await subscriptions.UnsubscribeAsync(context.Conversation.Id, ct: ct);
                return [new ChatReply(texts.Get("commands.stop.done", lang), [[new MessageButton(texts.Get("commands.stop.undo", lang), SubscriptionActions.All)]])];
            case CommandName.Settings:
                return [await settings.ShowAsync(context.Conversation.Id, lang, ct)];
            case CommandName.Latest:
                return await find.LatestAsync(context, ct);
            case CommandName.Search:
                return await find.SearchAsync(command.Argument, context, ct);
            case CommandName.Follow or CommandName.Unfollow:
                return [await FollowAsync(command, context, ct)];
            case CommandName.Tip:
                return await TipAsync(new TipStart(context.Author), context, ct);
            case CommandName.Cancel:
                return await TipAsync(new TipAction(context.Author, "cancel"), context, ct);
            case CommandName.Status:
                return await TipCommandAsync(c => c.StatusAsync(context.Author, ct), lang);
            case CommandName.Register:
                return command.Argument.Length == 0
                    ? [ChatReply.Plain(texts.Get("commands.register.usage", lang, CommandCatalog.Word(CommandName.Register, lang)))]
                    : await TipCommandAsync(c => c.RegisterAsync(context.Author, command.Argument, ct), lang);
            case CommandName.Top:
                return await TipCommandAsync(c => c.LeaderboardAsync(lang, ct), lang);
            case CommandName.Help:
                return [Help(lang)];
            default:
                return [ChatReply.Plain(texts.Get("commands.unknown", lang, command.Word, CommandCatalog.Word(CommandName.Help, lang)))];
        }
    }

    /// <summary>A menu button was pressed: "sub:…" (institutions, keywords, topics), "set:…" or "t:{tip action}".</summary>
    /// <param name="pressId">The platform's id of the press (<see cref="TipAction.PressId"/>), when it has one.</param>
    /// <param name="typed">A word typed for the button rather than the button (<see cref="TipAction.Typed"/>).</param>
    public async Task<IReadOnlyList<ChatReply>> HandleButtonAsync(string action, CommandContext context, CancellationToken ct, string? pressId = null, bool typed = false)
    {
        var lang = context.Language;
        if (action.StartsWith(TipActionPrefix, StringComparison.Ordinal))
        {
            return await TipAsync(new TipAction(context.Author, action[TipActionPrefix.Length..]) { PressId = pressId, Typed = typed }, context, ct);
        }

        if (!action.StartsWith(SubscriptionActions.Prefix, StringComparison.Ordinal) && !action.StartsWith(SettingsMenu.Prefix, StringComparison.Ordinal))
        {
            return [ChatReply.Plain(texts.Get("commands.button.old", lang))];
        }

        if (InstitutionMenu.IsBrowseAction(action))
        {
            return [await institutions.BrowseAsync(action, context.Conversation.Id, lang, ct)];
        }

        if (FollowMenu.IsBrowseAction(action))
        {
            return [await follow.BrowseAsync(action, context.Conversation.Id, lang, ct)];
        }

        if (!await MayChangeAsync(context, ct))
        {
            return [AdminsOnly(lang)];
        }

        if (FollowMenu.IsChangeAction(action))
        {
            return [await follow.ApplyAsync(action, context.Conversation.Id, lang, ct)];
        }

        if (action.StartsWith(SettingsMenu.Prefix, StringComparison.Ordinal))
        {
            return [await settings.ApplyAsync(context.Conversation.Id, action, lang, ct)];
        }

        if (action == SubscriptionActions.All)
        {
            await subscriptions.SubscribeAsync(context.Conversation.Id, SubscriptionTarget.All, ct: ct);
            await subscriptions.ReactivateAsync(context.Conversation.Id, ct);
            return [ChatReply.Plain(texts.Get("commands.subscribe.all", lang))];
        }

        if (action.StartsWith(SubscriptionActions.Institution, StringComparison.Ordinal))
        {
            var id = action[SubscriptionActions.Institution.Length..];
            var current = await subscriptions.ListAsync(context.Conversation.Id, ct);
            if (current.Any(s => s.Target == SubscriptionTarget.Institution && s.Value == id))
            {
                await subscriptions.UnsubscribeAsync(context.Conversation.Id, SubscriptionTarget.Institution, id, ct);
                var name = (await directory.FindAsync(id, includeDisabled: true, ct))?.Name ?? id;
                return [new ChatReply(texts.Get("commands.subscribe.institutionoff", lang, name), [[new MessageButton(texts.Get("commands.subscribe.listbutton", lang), InstitutionMenu.PageAction(0, null))]])];
            }

            return await SubscribeAsync(id, context, ct);
        }

        return [ChatReply.Plain(texts.Get("commands.button.old", lang))];
    }

    /// <summary>Plain text outside any flow: say what the bot can do instead of staying silent.</summary>
    public ChatReply FreeTextHint(string language) =>
        ChatReply.Plain(texts.Get("commands.freetext", language, CommandCatalog.Word(CommandName.Help, language), CommandCatalog.Word(CommandName.Tip, language)));

    /// <summary>True while the author is in the tip flow, so their messages go there instead.</summary>
    public async Task<bool> IsInTipFlowAsync(TipAuthor author, CancellationToken ct) =>
        _tips is { } tips && await tips.IsInFlowAsync(author, ct);

    public Task<IReadOnlyList<ChatReply>> TipInputAsync(TipInput input, CommandContext context, CancellationToken ct) => TipAsync(input, context, ct);

    /// <summary>
    /// A private chat's message that is not a command, on any channel: tip input while the author has a tip
    /// open, or when it opens or answers one (a file, a reply to a message naming a ticket); a null
    /// <paramref name="input"/> is a kind the flow cannot take, and gets told so. Otherwise the hint about what
    /// the bot can do.
    /// </summary>
    public async Task<IReadOnlyList<ChatReply>> MessageAsync(TipInput? input, CommandContext context, CancellationToken ct)
    {
        var taken = input is null
            ? await IsInTipFlowAsync(context.Author, ct)
            : _tips is { } tips && !context.IsShared && await tips.TakesAsync(input, ct);
        if (!taken)
        {
            // Typing part of an institution's name finds it.
            return input is TipText { Text: var text } && !context.IsShared
                && await institutions.FindAsync(context.Conversation.Id, text, context.Language, ct) is { } found
                ? [found]
                : [FreeTextHint(context.Language)];
        }

        return input is null
            ? [ChatReply.Plain(texts.Get("commands.tip.unsupported", context.Language))]
            : await TipAsync(input, context, ct);
    }

    public const string TipActionPrefix = "t:";

    private async Task<IReadOnlyList<ChatReply>> StartAsync(string payload, CommandContext context, CancellationToken ct)
    {
        var lang = context.Language;
        if (payload == "tip")
        {
            return await TipAsync(new TipStart(context.Author), context, ct);
        }

        if (!await MayChangeAsync(context, ct))
        {
            return [AdminsOnly(lang)];
        }

        var conversationId = context.Conversation.Id;
        // A deep link names its institution; on an institution's own bot (the conversation's account) /start
        // follows that institution, and the reader may still change it with the menu.
        var named = payload.StartsWith("inst_", StringComparison.Ordinal) ? payload["inst_".Length..] : null;
        if ((named ?? NullIfShared(context.Conversation.Account)) is { } wanted)
        {
            var institution = await FindInstitutionAsync(wanted, ct);
            if (institution is not null)
            {
                await subscriptions.SubscribeAsync(conversationId, SubscriptionTarget.Institution, institution.Id, ct);
                await subscriptions.ReactivateAsync(conversationId, ct);
                return [ChatReply.Plain(texts.Get("commands.start.institution", lang, institution.Name, CommandCatalog.Word(CommandName.Help, lang)))];
            }
        }

        await subscriptions.SubscribeAsync(conversationId, SubscriptionTarget.All, ct: ct);
        await subscriptions.ReactivateAsync(conversationId, ct);
        return [ChatReply.Plain(texts.Get("commands.start.welcome", lang, CommandCatalog.Word(CommandName.Help, lang)))];
    }

    private async Task<IReadOnlyList<ChatReply>> SubscribeAsync(string argument, CommandContext context, CancellationToken ct)
    {
        var lang = context.Language;
        if (argument.Length == 0)
        {
            return [await SubscriptionMenuAsync(context.Conversation.Id, lang, ct)];
        }

        if (!await MayChangeAsync(context, ct))
        {
            return [AdminsOnly(lang)];
        }

        var institution = await FindInstitutionAsync(argument, ct);
        if (institution is null)
        {
            return await institutions.SearchOrUnknownAsync(context.Conversation.Id, argument, lang, ct);
        }

        await subscriptions.SubscribeAsync(context.Conversation.Id, SubscriptionTarget.Institution, institution.Id, ct);
        await subscriptions.ReactivateAsync(context.Conversation.Id, ct);
        return [ChatReply.Plain(texts.Get("commands.subscribe.institution", lang, institution.Name))];
    }

    /// <summary>
    /// <c>/ikuti</c> and <c>/berhenti_ikuti</c>: alone they list what is followed (anyone may look); with words they
    /// change it (in a group, admins only).
    /// </summary>
    private async Task<ChatReply> FollowAsync(ChatCommand command, CommandContext context, CancellationToken ct)
    {
        var (id, lang) = (context.Conversation.Id, context.Language);
        if (command.Argument.Length == 0)
        {
            return await follow.ShowAsync(id, lang, ct);
        }

        if (!await MayChangeAsync(context, ct))
        {
            return AdminsOnly(lang);
        }

        return command.Name == CommandName.Follow
            ? await follow.FollowAsync(command.Argument, id, lang, ct)
            : await follow.UnfollowAsync(command.Argument, id, lang, ct);
    }

    /// <summary>The institution menu's first page (paged and searchable: <see cref="InstitutionMenu"/>).</summary>
    private Task<ChatReply> SubscriptionMenuAsync(long conversationId, string lang, CancellationToken ct) =>
        institutions.ShowAsync(conversationId, null, 0, lang, ct);

    private async Task<IReadOnlyList<ChatReply>> TipAsync(TipInput input, CommandContext context, CancellationToken ct)
    {
        var lang = context.Language;
        if (context.IsShared)
        {
            // Tips are personal: a ticket and follow-up questions belong in a private chat.
            return [ChatReply.Plain(texts.Get("commands.tip.private", lang))];
        }

        if (_tips is not { } tips)
        {
            return [ChatReply.Plain(texts.Get("commands.tip.unavailable", lang))];
        }

        var replies = await tips.HandleAsync(input, ct);
        return replies.Select(Reply).ToList();
    }

    /// <summary>The tip flow's answer when it would not take a file now; null when it would (ask before storing one).</summary>
    public async Task<ChatReply?> RefuseAttachmentAsync(TipAuthor author, long? size, CancellationToken ct) =>
        _tips is not { } tips ? ChatReply.Plain(texts.Get("commands.tip.unavailable", author.Language))
        : await tips.RefuseAttachmentAsync(author, size, ct) is { } refusal ? Reply(refusal) : null;

    private static ChatReply Reply(TipReply r) => new(
        r.Text,
        r.Rows.Append(r.Buttons).Where(row => row.Count > 0)
            .Select(row => (IReadOnlyList<MessageButton>)row.Select(b => new MessageButton(b.Label, TipActionPrefix + b.Action)).ToList())
            .ToList());

    private async Task<IReadOnlyList<ChatReply>> TipCommandAsync(Func<ITipCommands, Task<string>> call, string lang)
    {
        if (_tipCommands is not { } commands)
        {
            return [ChatReply.Plain(texts.Get("commands.tip.unavailable", lang))];
        }

        return [ChatReply.Plain(await call(commands))];
    }

    private ChatReply Help(string lang)
    {
        var lines = CommandCatalog.Entries.Select(e => $"/{CommandCatalog.Word(e.Name, lang)} — {texts.Get(e.DescriptionKey, lang)}");
        return ChatReply.Plain(texts.Get("commands.help.title", lang) + "\n\n" + string.Join("\n", lines));
    }

    private ChatReply AdminsOnly(string lang) => ChatReply.Plain(texts.Get("commands.adminsonly", lang));

    private static async Task<bool> MayChangeAsync(CommandContext context, CancellationToken ct) =>
        !context.IsShared || await context.CanManageAsync(ct);

    private static string? NullIfShared(string account) => account == ConversationAddress.SharedAccount ? null : account;

    private Task<InstitutionEntry?> FindInstitutionAsync(string idOrName, CancellationToken ct) =>
        directory.FindAsync(idOrName, includeDisabled: false, ct);
}

/// <summary>Button actions of the subscription menu; short enough for Telegram's 64-byte callback_data.</summary>
public static class SubscriptionActions
{
    public const string Prefix = "sub:";
    public const string All = "sub:all";
    public const string Institution = "sub:i:";

    public static bool Fits(string institutionId) => System.Text.Encoding.UTF8.GetByteCount(Institution + institutionId) <= 64;
}

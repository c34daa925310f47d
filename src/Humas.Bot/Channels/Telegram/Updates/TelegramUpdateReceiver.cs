using Humas.Bot.Host;
using System.Text.Json;
using Humas.Bot.Channels.Telegram.Api;
using Humas.Bot.Conversations.Commands;
using Humas.Bot.Localization;
using Humas.Bot.Storage.Cluster;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Humas.Bot.Channels.Telegram.Updates;

/// <summary>
/// At start, for every bot (the national one and each institution's own, side by side): getMe, the command menu
/// (setMyCommands for "id", "en" and the default), then either setWebhook to the bot's own path (Webhook mode with
/// Telegram:PublicUrl) or deleteWebhook and long polling, each bot its own loop and offset. Polled updates go into
/// the inbox first, marked with their bot; the next getUpdates confirms them only after they are committed there.
/// One bot failing (a revoked token) does not hold the others. Does nothing when no bot has a token.
/// </summary>
public sealed class TelegramUpdateReceiver(
    TelegramBots bots,
    TelegramInbox inbox,
    ITexts texts,
    IOptions<TelegramOptions> options,
    ILeadership leadership,
    TimeProvider time,
    ILogger<TelegramUpdateReceiver> logger) : BackgroundService
{
    public const int PollTimeoutSeconds = 30;

    private static readonly TimeSpan MinEmptyPollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Listed explicitly: Telegram keeps the previous list when none is sent, and sends reactions only when they
    /// are named (and only to a bot that is administrator of the chat). my_chat_member is in Telegram's default
    /// set, but an explicit list replaces the default, so it is named too.
    /// </summary>
    public static readonly IReadOnlyList<UpdateType> AllowedUpdates =
    [
        UpdateType.Message, UpdateType.EditedMessage, UpdateType.ChannelPost, UpdateType.EditedChannelPost,
        UpdateType.CallbackQuery, UpdateType.MyChatMember, UpdateType.MessageReaction, UpdateType.MessageReactionCount,
    ];

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Only the leader talks to Telegram here: one getUpdates poller per bot (Telegram answers a second one with
    /// 409), one setWebhook. Webhook requests may still reach any instance; they only store into the inbox.
    /// </summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => leadership.RunAsLeaderAsync(ReceiveAsync, stoppingToken);

    private Task ReceiveAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(bots.Enabled.Select(bot => Task.Run(() => ReceiveAsync(bot, stoppingToken), stoppingToken)));

    private async Task ReceiveAsync(TelegramBot bot, CancellationToken stoppingToken)
    {
        await RetryAsync(bot, "start-up", ct => PrepareAsync(bot, ct), stoppingToken);
        if (options.Value.Mode == TelegramMode.Polling)
        {
            await PollAsync(bot, stoppingToken);
        }
    }

    private async Task PrepareAsync(TelegramBot bot, CancellationToken ct)
    {
        var client = bot.Api.Client;
        var me = await client.GetMe(ct);
        bot.Identity.Set(me.Username);
        foreach (var language in new string?[] { null, Languages.Indonesian, Languages.English })
        {
            var lang = language ?? Languages.Indonesian;
            var commands = CommandCatalog.Entries
                .Select(e => new BotCommand(CommandCatalog.Word(e.Name, lang), texts.Get(e.DescriptionKey, lang)))
                .ToList();
            try
            {
                await client.SetMyCommands(commands, languageCode: language, cancellationToken: ct);
            }
            catch (RequestException e)
            {
                // The command menu is a convenience: a server that refuses it must not keep the bot from
                // reading its updates (telegram-test-api, for one, has no setMyCommands).
                logger.LogWarning("setMyCommands of {Bot} for {Language} failed ({ErrorCode}): {Description}", bot, language ?? "default", (e as ApiRequestException)?.ErrorCode, e.Description());
            }
        }

        var settings = options.Value;
        if (settings.Mode == TelegramMode.Webhook)
        {
            if (!string.IsNullOrEmpty(settings.PublicUrl))
            {
                var url = settings.PublicUrl.TrimEnd('/') + bot.WebhookPath;
                await client.SetWebhook(url, allowedUpdates: AllowedUpdates, secretToken: bot.WebhookSecret, cancellationToken: ct);
                logger.LogInformation("Telegram webhook of {Bot} set to {WebhookUrl}", bot, url);
            }
            else
            {
                logger.LogInformation("Telegram webhook mode without Telegram:PublicUrl; the webhook of {Bot} is expected to be set already", bot);
            }
        }
        else
        {
            // getUpdates answers 409 while a webhook is set.
            await client.DeleteWebhook(cancellationToken: ct);
        }

        logger.LogInformation("Telegram bot @{BotUsername} ({Bot}) ready in {TelegramMode} mode", me.Username, bot, settings.Mode);
    }

    private async Task PollAsync(TelegramBot bot, CancellationToken ct)
    {
        var failures = 0;
        var offset = await RetryAsync(bot, "reading the stored offset", c => inbox.ResumeOffsetAsync(bot.Account, time.GetUtcNow().UtcDateTime, c), ct);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var asked = time.GetTimestamp();
                var updates = await bot.Api.GetUpdatesAsync(offset, PollTimeoutSeconds, AllowedUpdates, ct);
                if (updates.Length == 0 && time.GetElapsedTime(asked) < MinEmptyPollInterval)
                {
                    // Telegram holds an empty poll for its timeout; a server or proxy that answers at once
                    // (telegram-test-api does) would otherwise be asked in a tight loop.
                    await Task.Delay(MinEmptyPollInterval, time, ct);
                }

                var batch = new List<(long, string)>(updates.Length);
                foreach (var update in updates)
                {
                    if (update.ValueKind == JsonValueKind.Object && update.TryGetProperty("update_id", out var id) && id.TryGetInt64(out var updateId))
                    {
                        batch.Add((updateId, update.GetRawText()));
                    }
                    else
                    {
                        logger.LogWarning("A Telegram update without update_id was skipped");
                    }
                }

                // Committed before the offset moves: the next getUpdates is what tells Telegram we have them.
                await inbox.AddAsync(bot.Account, batch, ct);
                if (batch.Count > 0)
                {
                    offset = batch.Max(b => b.Item1) + 1;
                }

                failures = 0;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (ApiRequestException e) when (e.ErrorCode == 409)
            {
                failures++;
                logger.LogError("Telegram getUpdates conflict (409) for {Bot}: {Description}. Another instance is polling with this token, or a webhook is set; retrying", bot, e.Description());
                await DelayAsync(failures, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                failures++;
                logger.LogWarning(e, "Telegram getUpdates of {Bot} failed ({Failures} in a row); backing off", bot, failures);
                await DelayAsync(failures, ct);
            }
        }
    }

    private async Task<T> RetryAsync<T>(TelegramBot bot, string what, Func<CancellationToken, Task<T>> step, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await step(ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning(e, "Telegram {Step} of {Bot} failed (attempt {Attempt}); retrying", what, bot, attempt);
                await DelayAsync(attempt, ct);
            }
        }
    }

    private async Task RetryAsync(TelegramBot bot, string what, Func<CancellationToken, Task> step, CancellationToken ct) =>
        await RetryAsync(bot, what, async c => { await step(c); return true; }, ct);

    /// <summary>1, 2, 4 … 60 s.</summary>
    private async Task DelayAsync(int failures, CancellationToken ct)
    {
        var delay = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Min(failures - 1, 6))));
        try
        {
            await Task.Delay(delay, time, ct);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}

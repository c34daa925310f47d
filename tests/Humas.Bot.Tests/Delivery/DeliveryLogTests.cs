using Humas.Bot.Cli;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Delivery.Cli;
using Humas.Bot.Delivery.Log;
using Humas.Bot.Delivery.Model;
using Humas.Bot.Delivery.Operations;
using Humas.Bot.Delivery.Progress;
using Humas.Bot.Tests.Support;
using Spectre.Console;

namespace Humas.Bot.Tests.Delivery;

/// <summary>The per-recipient log of an article, as the dashboard and <c>deliveries list</c> read it.</summary>
public abstract class DeliveryLogTests(DatabaseKind databaseKind)
{
    private Task<DeliveryHarness> HarnessAsync() => DeliveryHarness.CreateAsync(db: databaseKind);

    /// <summary>"ok" receives it, "gone" blocked the bot, "broken" rejects the message, "slow" fails transiently (retrying).</summary>
    private static async Task<Guid> SendToFourAsync(DeliveryHarness h)
    {
        foreach (var reader in new[] { "ok", "gone", "broken", "slow" })
        {
            await h.SubscriberAsync(reader);
        }

        h.Channel.Script = (_, to) => to.ExternalId switch
        {
            "gone" => new DeliveryFailure.RecipientGone("Forbidden: bot was blocked by the user"),
            "broken" => new DeliveryFailure.MessageInvalid("Bad Request: message is too long"),
            "slow" => new DeliveryFailure.Transient("502 Bad Gateway"),
            _ => null,
        };
        var article = await h.PublishAndPlanAsync();
        await h.DrainAsync();
        return article;
    }

    [Fact]
    public async Task Each_recipient_has_its_state_attempts_times_and_last_error()
    {
        await using var h = await HarnessAsync();
        var article = await SendToFourAsync(h);

        var page = await h.Get<DeliveryLog>().PageAsync(article, DeliveryScope.National, new DeliveryLogFilter(), 1, CancellationToken.None);

        Assert.NotNull(page);
        Assert.Equal(4, page.Total);
        Assert.Equal(["test"], page.Channels);
        var byRecipient = page.Entries.ToDictionary(e => e.Recipient);
        Assert.Equal("sent", byRecipient["ok"].State);
        Assert.NotNull(byRecipient["ok"].SentAt);
        Assert.Null(byRecipient["ok"].LastError);
        Assert.Equal(1, byRecipient["ok"].Attempts);
        Assert.Equal("skipped", byRecipient["gone"].State);
        Assert.Contains("blocked", byRecipient["gone"].LastError, StringComparison.Ordinal);
        Assert.Equal("gave-up", byRecipient["broken"].State);
        Assert.Contains("too long", byRecipient["broken"].LastError, StringComparison.Ordinal);
        Assert.Null(byRecipient["broken"].NextAttemptAt);
        Assert.Equal("retrying", byRecipient["slow"].State);
        Assert.Equal(1, byRecipient["slow"].Attempts);
        Assert.True(byRecipient["slow"].NextAttemptAt > h.Clock.GetUtcNow().UtcDateTime);
        Assert.Contains("502", byRecipient["slow"].LastError, StringComparison.Ordinal);
        Assert.All(page.Entries, e => Assert.Equal("test", e.Channel));
    }

    [Fact]
    public async Task The_log_filters_by_state_and_channel_and_pages()
    {
        await using var h = await HarnessAsync();
        for (var i = 0; i < DeliveryLog.PageSize + 7; i++)
        {
            await h.SubscriberAsync($"r{i:D3}");
        }

        h.Channel.Script = (_, to) => to.ExternalId.EndsWith('3') ? new DeliveryFailure.MessageInvalid("Bad Request") : null;
        var article = await h.PublishAndPlanAsync();
        await h.DrainAsync();
        var log = h.Get<DeliveryLog>();

        var first = await log.PageAsync(article, DeliveryScope.National, new DeliveryLogFilter(), 1, CancellationToken.None);
        var second = await log.PageAsync(article, DeliveryScope.National, new DeliveryLogFilter(), 2, CancellationToken.None);
        var beyond = await log.PageAsync(article, DeliveryScope.National, new DeliveryLogFilter(), 99, CancellationToken.None);
        var gaveUp = await log.PageAsync(article, DeliveryScope.National, new DeliveryLogFilter(DeliveryState.GaveUp), 1, CancellationToken.None);
        var otherChannel = await log.PageAsync(article, DeliveryScope.National, new DeliveryLogFilter(Channel: "telegram"), 1, CancellationToken.None);

        Assert.Equal(DeliveryLog.PageSize + 7, first!.Total);
        Assert.Equal(2, first.Pages);
        Assert.Equal(DeliveryLog.PageSize, first.Entries.Count);
        Assert.Equal(7, second!.Entries.Count);
        Assert.Empty(first.Entries.Select(e => e.DeliveryId).Intersect(second.Entries.Select(e => e.DeliveryId)));
        Assert.Equal(first.Entries.Select(e => e.DeliveryId).Order(), first.Entries.Select(e => e.DeliveryId));
        Assert.Equal(2, beyond!.Page);
        Assert.Equal(6, gaveUp!.Total);
        Assert.All(gaveUp.Entries, e => Assert.EndsWith("3", e.Recipient, StringComparison.Ordinal));
        Assert.Equal(0, otherChannel!.Total);
        Assert.Equal(["test"], otherChannel.Channels);
    }

    [Fact]
    public async Task An_article_outside_the_scope_reads_as_unknown()
    {
        await using var h = await HarnessAsync();
        await h.SubscriberAsync("ok");
        var article = await h.PublishAndPlanAsync(institution: "setneg");
        var log = h.Get<DeliveryLog>();

        Assert.NotNull(await log.PageAsync(article, DeliveryScope.Of(["setneg", "kemensos"]), new DeliveryLogFilter(), 1, CancellationToken.None));
        Assert.Null(await log.PageAsync(article, DeliveryScope.Of(["kemensos"]), new DeliveryLogFilter(), 1, CancellationToken.None));
        Assert.Null(await log.ListAsync(article, DeliveryScope.Of([]), new DeliveryLogFilter(), 10, CancellationToken.None));
        Assert.Null(await log.PageAsync(Guid.NewGuid(), DeliveryScope.National, new DeliveryLogFilter(), 1, CancellationToken.None));
    }

    [Fact]
    public async Task Deliveries_list_prints_the_recipients_and_filters_by_state()
    {
        await using var h = await HarnessAsync();
        var article = await SendToFourAsync(h);
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 400;
        var cli = new CliRunner([new DeliveriesCommand(h.Get<DeliveryProgress>(), h.Get<ArticleActions>(), h.Get<DeliveryLog>(), console)]);

        Assert.Equal(0, await cli.RunAsync(["deliveries", "list", article.ToString(), "--state", "gave-up"], CancellationToken.None));
        var filtered = output.ToString();
        Assert.Matches(@"│\s*broken\s*│\s*gave-up\s*│\s*1\s*│", filtered);
        Assert.Contains("too long", filtered, StringComparison.Ordinal);
        Assert.DoesNotContain("│ ok ", filtered, StringComparison.Ordinal);
        Assert.Contains("1 deliveries.", filtered, StringComparison.Ordinal);

        output.GetStringBuilder().Clear();
        Assert.Equal(0, await cli.RunAsync(["deliveries", "list", article.ToString()], CancellationToken.None));
        var all = output.ToString();
        foreach (var state in new[] { "sent", "skipped", "gave-up", "retrying" })
        {
            Assert.Contains($" {state} ", all, StringComparison.Ordinal);
        }

        Assert.Equal(CliRunner.UsageError, await cli.RunAsync(["deliveries", "list", article.ToString(), "--state", "lost"], CancellationToken.None));
        Assert.Equal(CliRunner.UsageError, await cli.RunAsync(["deliveries", "list", "not-a-guid"], CancellationToken.None));
        Assert.Equal(1, await cli.RunAsync(["deliveries", "list", Guid.NewGuid().ToString()], CancellationToken.None));
    }

    [Theory]
    [InlineData("gave-up", DeliveryState.GaveUp)]
    [InlineData("GaveUp", DeliveryState.GaveUp)]
    [InlineData(" sent ", DeliveryState.Sent)]
    [InlineData("retrying", DeliveryState.Retrying)]
    [InlineData("3", null)]
    [InlineData("lost", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void State_names_read_both_ways(string? text, DeliveryState? expected)
    {
        Assert.Equal(expected, DeliveryStates.Parse(text));
        if (expected is { } state)
        {
            Assert.Equal(state, DeliveryStates.Parse(DeliveryStates.Name(state)));
        }
    }
}

public sealed class DeliveryLogTestsOnSqlite() : DeliveryLogTests(DatabaseKind.Sqlite);

public sealed class DeliveryLogTestsOnPostgres() : DeliveryLogTests(DatabaseKind.Postgres);

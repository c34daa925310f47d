using Humas.Bot.Channels.Telegram;
using Humas.Bot.Channels.Telegram.Api;
using Humas.Bot.FakePlatforms.Telegram;
using Humas.Bot.Tests.Support;
using Telegram.Bot;

namespace Humas.Bot.Tests.Channels.Telegram;

public sealed class TokenRedactionTests
{
    [Theory]
    [InlineData("https://api.telegram.org/bot123:ABC-def/sendMessage", "https://api.telegram.org/bot<redacted>/sendMessage")]
    [InlineData("https://api.telegram.org/file/bot123:ABC-def/photos/a.jpg", "https://api.telegram.org/file/bot<redacted>/photos/a.jpg")]
    [InlineData("http://127.0.0.1:5000/bot123:ABC", "http://127.0.0.1:5000/bot<redacted>")]
    [InlineData("no url here", "no url here")]
    public void Urls_lose_the_token(string url, string expected) =>
        Assert.Equal(expected, TelegramUrlRedactor.Redact(url));

    [Fact]
    public void The_literal_token_is_removed_from_any_text() =>
        Assert.Equal("failed for <redacted>", TelegramUrlRedactor.Redact("failed for 123:ABC-def", "123:ABC-def"));

    public static TheoryData<string> Scenarios => ["ok", "blocked", "gateway", "reset", "timeout", "missing-file"];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task The_token_never_appears_in_logs_or_exceptions(string scenario)
    {
        var fake = scenario switch
        {
            "gateway" => new FakeTelegramOptions { ServerErrorRate = 1 },
            "reset" => new FakeTelegramOptions { ResetRate = 1 },
            "timeout" => new FakeTelegramOptions { TimeoutRate = 1, TimeoutDelay = TimeSpan.FromSeconds(5) },
            _ => new FakeTelegramOptions(),
        };
        await using var h = await TelegramClientHarness.StartAsync(fake, timeoutSeconds: 1);
        h.Fake.Block(13);
        Exception? thrown = null;
        try
        {
            if (scenario == "missing-file")
            {
                await h.Api.DownloadFileAsync("documents/missing.bin", Stream.Null, 100, CancellationToken.None);
            }
            else
            {
                await h.Client.SendMessage(scenario == "blocked" ? 13 : 14, "x", cancellationToken: CancellationToken.None);
            }
        }
        catch (Exception e)
        {
            thrown = e;
        }

        var token = h.Fake.Token;
        var secret = token[(token.IndexOf(':', StringComparison.Ordinal) + 1)..];
        Assert.Equal(scenario == "ok", thrown is null);
        Assert.NotEmpty(h.Logs.Collector.Lines());
        Assert.DoesNotContain(h.Logs.Collector.Lines(), l => l.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(secret, thrown?.ToString() ?? "", StringComparison.Ordinal);
        // What the delivery engine records about the failure carries no token either.
        Assert.DoesNotContain(secret, thrown is null ? "" : TelegramFailureClassifier.Classify(thrown).Reason, StringComparison.Ordinal);
        if (scenario != "ok" && scenario != "blocked")
        {
            Assert.Contains(h.Logs.Collector.Lines(), l => l.Contains("bot<redacted>", StringComparison.Ordinal));
        }
    }
}

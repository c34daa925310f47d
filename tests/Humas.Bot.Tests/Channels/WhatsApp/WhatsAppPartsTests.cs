using System.ComponentModel.DataAnnotations;
using System.Text;
using Humas.Bot.Channels.WhatsApp;
using Humas.Bot.Channels.WhatsApp.CloudApi;
using Humas.Bot.Channels.WhatsApp.Webhook;
using Humas.Bot.Conversations.Commands;
using Humas.Bot.Delivery.Channels;

namespace Humas.Bot.Tests.Channels.WhatsApp;

/// <summary>The adapter's small parts on their own: error codes, settings, the signature, command words.</summary>
public sealed class WhatsAppPartsTests
{
    private static readonly TimeSpan TokenPause = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData(130429, 400, "RetryAfter:Bot")]
    [InlineData(80007, 400, "RetryAfter:Bot")]
    [InlineData(131056, 400, "RetryAfter:Conversation")]
    [InlineData(131026, 400, "RecipientGone")]
    [InlineData(131050, 400, "RecipientGone")]
    [InlineData(131047, 400, "MessageInvalid")]
    [InlineData(190, 401, "RetryAfter:Bot")]
    [InlineData(131000, 500, "Transient")]
    [InlineData(0, 502, "Transient")]
    [InlineData(100, 400, "MessageInvalid")]
    [InlineData(132000, 400, "MessageInvalid")]
    public void Graph_errors_are_classified_for_the_delivery_engine(int code, int status, string expected)
    {
        var failure = WhatsAppFailureClassifier.Classify(new GraphApiException(status, code, null, "x", null), TokenPause);
        var name = failure switch
        {
            DeliveryFailure.RetryAfter r => "RetryAfter:" + r.Scope,
            _ => failure.GetType().Name,
        };
        Assert.Equal(expected, name);
    }

    [Fact]
    public void A_full_messaging_tier_makes_that_reader_wait_for_the_oldest_slot()
    {
        var failure = Assert.IsType<DeliveryFailure.RetryAfter>(
            WhatsAppFailureClassifier.Classify(new Humas.Bot.Channels.WhatsApp.Limits.WhatsAppTierFullException("", 250, TimeSpan.FromHours(3)), TokenPause));
        Assert.Equal(RateLimitScope.Conversation, failure.Scope);
        Assert.Equal(TimeSpan.FromHours(3), failure.Delay);
    }

    [Fact]
    public void A_network_failure_is_transient() =>
        Assert.IsType<DeliveryFailure.Transient>(WhatsAppFailureClassifier.Classify(new HttpRequestException("connection refused"), TokenPause));

    [Fact]
    public void A_refused_token_pauses_the_number_for_the_configured_time()
    {
        var failure = Assert.IsType<DeliveryFailure.RetryAfter>(
            WhatsAppFailureClassifier.Classify(new GraphApiException(401, WhatsAppFailureClassifier.BadToken, null, "x", null), TimeSpan.FromSeconds(7)));
        Assert.Equal((RateLimitScope.Bot, TimeSpan.FromSeconds(7)), (failure.Scope, failure.Delay));
    }

    [Fact]
    public void Settings_are_checked_at_start_and_an_empty_number_id_means_off()
    {
        Assert.Empty(Problems(new WhatsAppOptions()));
        Assert.False(new WhatsAppOptions().Enabled);
        var on = new WhatsAppOptions { PhoneNumberId = "106540352242922" };
        Assert.Equal(["AccessToken", "AppSecret", "VerifyToken"], Problems(on).SelectMany(p => p.MemberNames).Order().ToArray());
        var full = new WhatsAppOptions { PhoneNumberId = "106540352242922", AccessToken = "t", AppSecret = "s", VerifyToken = "v" };
        Assert.Empty(Problems(full));
        Assert.Contains(Problems(new WhatsAppOptions { ApiBaseUrl = "http://graph.example.com" }), p => p.MemberNames.Contains("ApiBaseUrl"));
        Assert.Empty(Problems(new WhatsAppOptions { ApiBaseUrl = "http://127.0.0.1:5099" }));
        Assert.Contains(Problems(new WhatsAppOptions { PhoneNumberId = "1065", AccessToken = "t", AppSecret = "s", VerifyToken = "v", ArticleTemplate = "Humas Artikel" }), p => p.MemberNames.Contains("ArticleTemplate"));
    }

    [Fact]
    public void The_signature_is_an_hmac_of_the_raw_bytes_compared_whole()
    {
        var body = Encoding.ASCII.GetBytes("{\"a\":\"\\ud83d\\udc4b \\/\"}");
        var good = WebhookSignature.Compute(body, "secret");
        Assert.True(WebhookSignature.IsValid(body, good, "secret"));
        Assert.True(WebhookSignature.IsValid(body, good.ToUpperInvariant().Replace("SHA256=", "sha256=", StringComparison.Ordinal), "secret"));
        Assert.False(WebhookSignature.IsValid(body, good, "other"));
        Assert.False(WebhookSignature.IsValid(body, good[..^2], "secret"));
        Assert.False(WebhookSignature.IsValid(body, null, "secret"));
        Assert.False(WebhookSignature.IsValid(body, good, ""));
        Assert.False(WebhookSignature.IsValid(Encoding.UTF8.GetBytes("{\"a\":\"👋 /\"}"), good, "secret"));
    }

    [Theory]
    [InlineData("langganan kemensos", CommandName.Subscribe, "kemensos")]
    [InlineData("  Berhenti ", CommandName.Stop, "")]
    [InlineData("STOP", CommandName.Stop, "")]
    [InlineData("mulai", CommandName.Start, "")]
    [InlineData("/bantuan", CommandName.Help, "")]
    [InlineData("usulan", CommandName.Tip, "")]
    public void Command_words_need_no_slash(string text, CommandName name, string argument)
    {
        var command = WhatsAppMessageHandler.Keyword(text);
        Assert.NotNull(command);
        Assert.Equal((name, argument), (command.Name, command.Argument));
    }

    [Theory]
    [InlineData("Batal.", CommandName.Cancel)]
    [InlineData(" BERHENTI! ", CommandName.Stop)]
    [InlineData("usulan?", CommandName.Tip)]
    [InlineData("/batal !", CommandName.Cancel)]
    public void A_command_word_typed_alone_is_read_with_capitals_spaces_and_punctuation_after_it(string text, CommandName name)
    {
        var command = WhatsAppMessageHandler.Keyword(text);
        Assert.NotNull(command);
        Assert.Equal((name, ""), (command.Name, command.Argument));
    }

    [Theory]
    [InlineData("halo")]
    [InlineData("berita hari ini")]
    [InlineData("")]
    [InlineData("batalkan")]
    [InlineData("...")]
    public void Other_text_is_not_a_command(string text) => Assert.Null(WhatsAppMessageHandler.Keyword(text));

    [Theory]
    [InlineData("kirim", "kirim")]
    [InlineData("Kirim.", "kirim")]
    [InlineData("kirim!", "kirim")]
    [InlineData(" KIRIM ", "kirim")]
    [InlineData("Kirim !!", "kirim")]
    [InlineData("selesai\u2026", "selesai")]
    [InlineData("\tLewati?\n", "lewati")]
    [InlineData("kirim sekarang", null)]
    [InlineData("kirim. sekarang", null)]
    [InlineData("ok", "ok")]
    [InlineData(" .! ", null)]
    [InlineData("", null)]
    public void A_typed_word_is_read_without_case_surrounding_whitespace_or_punctuation_after_it(string text, string? word) =>
        Assert.Equal(word, TypedWord.Of(text));

    [Fact]
    public void Template_parameters_lose_newlines_tabs_and_long_runs_of_spaces()
    {
        Assert.Equal("a b c", WhatsAppMessageFormatter.TemplateText("a\nb\t     c"));
        Assert.Equal(1024, WhatsAppMessageFormatter.TemplateText(new string('x', 5000)).Length);
        Assert.Equal("👍…", WhatsAppMessageFormatter.Clip("👍👍", 3));
    }

    private static List<ValidationResult> Problems(WhatsAppOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}

using System.Text.RegularExpressions;
using Humas.Bot.Delivery.Channels;
using Humas.Bot.Tests.Support;

namespace Humas.Bot.Tests.Architecture;

/// <summary>
/// The channel seam, kept by tests: the core knows no channel, the folders have no cycles, and only a
/// channel's gateway adapter (its <see cref="IDeliveryChannel"/>) calls the platform's client.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly System.Reflection.Assembly Service = typeof(IDeliveryChannel).Assembly;

    [Fact]
    public void The_core_references_no_channel()
    {
        Assert.Empty(ArchitectureRules.CoreTypesUsingChannels(Service, "Humas.Bot"));
    }

    /// <summary>
    /// The compiled check above cannot see an import used only for a constant or a doc reference (constants are
    /// copied into the caller); the source must not import a channel either, migrations included.
    /// </summary>
    [Fact]
    public void No_core_source_file_imports_a_channel_namespace()
    {
        var source = Path.Combine(RepositoryRoot.Find(), "src", "Humas.Bot");
        var import = new Regex(@"^\s*(global\s+)?using\s+(static\s+)?(\w+\s*=\s*)?Humas\.Bot\.Channels\b", RegexOptions.Multiline | RegexOptions.CultureInvariant);
        var offenders = ArchitectureRules.CoreFolders
            .Select(folder => Path.Combine(source, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            .Where(f => import.IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(source, f).Replace(Path.DirectorySeparatorChar, '/'))
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void The_service_folders_have_no_cycles()
    {
        Assert.Empty(ArchitectureRules.FolderCycles(Service, "Humas.Bot"));
    }

    [Fact]
    public void The_rules_fail_for_a_core_file_that_imports_a_channel()
    {
        var failing = ArchitectureRules.CoreTypesUsingChannels(typeof(Samples.Broken.Delivery.Sender).Assembly, "Humas.Bot.Tests.Architecture.Samples.Broken", ["Delivery"]);

        Assert.Equal(["Humas.Bot.Tests.Architecture.Samples.Broken.Delivery.Sender -> Humas.Bot.Tests.Architecture.Samples.Broken.Channels"], failing);
    }

    [Fact]
    public void The_rules_fail_for_a_folder_cycle()
    {
        var cycles = ArchitectureRules.FolderCycles(typeof(Samples.Broken.Delivery.Sender).Assembly, "Humas.Bot.Tests.Architecture.Samples.Broken");

        Assert.Equal(["Delivery -> Subscriptions -> Delivery"], cycles);
    }

    /// <summary>
    /// The same rule on the compiled service: the types that touch a platform client (Telegram.Bot's
    /// <c>ITelegramBotClient</c> through <c>TelegramBotApi</c>, Teams' <c>ConnectorClient</c>) are the gateway
    /// adapters, the registrations that construct them, and the inbound parts named with why.
    /// </summary>
    [Fact]
    public void Only_the_gateway_adapters_depend_on_the_platform_clients()
    {
        string[] allowed =
        [
            "Humas.Bot.Channels.Teams.TeamsDeliveryChannel", // the Teams gateway adapter
            "Humas.Bot.Channels.Teams.TeamsRegistration", // wires the client
            "Humas.Bot.Channels.Teams.Tips.TeamsTipAttachmentFetcher", // downloads a tip's file: a fetch, not a message
            "Humas.Bot.Channels.Telegram.Cli.TelegramCommand", // `telegram channels connect` resolves @name (getChat), no service running
            "Humas.Bot.Channels.Telegram.TelegramDeliveryChannel", // the Telegram gateway adapter
            "Humas.Bot.Channels.Telegram.TelegramBots", // makes each institution's bot's client, hands the adapter the conversation's
            "Humas.Bot.Channels.Telegram.TelegramBot", // one bot: its client beside its secret and identity
            "Humas.Bot.Channels.Telegram.TelegramRegistration", // wires the client
            "Humas.Bot.Channels.Telegram.Tips.TelegramTipAttachmentFetcher", // getFile: a fetch, not a message
            "Humas.Bot.Channels.Telegram.Updates.TelegramUpdateReceiver", // receiving: getMe, getUpdates, setWebhook
            "Humas.Bot.Channels.WhatsApp.WhatsAppDeliveryChannel", // the WhatsApp gateway adapter
            "Humas.Bot.Channels.WhatsApp.WhatsAppRegistration", // wires the client
            "Humas.Bot.Channels.WhatsApp.Tips.WhatsAppTipAttachmentFetcher", // the media endpoint: a fetch, not a message
        ];
        var users = ArchitectureRules.TypesUsing(
            Service,
            "Humas.Bot.Channels.Telegram.Api.TelegramBotApi",
            "Telegram.Bot.ITelegramBotClient",
            "Telegram.Bot.TelegramBotClient",
            "Humas.Bot.Channels.Teams.Connector.ConnectorClient",
            "Humas.Bot.Channels.WhatsApp.CloudApi.WhatsAppCloudApi");

        Assert.Contains("Humas.Bot.Channels.Telegram.TelegramDeliveryChannel", users); // the rule sees the clients at all
        Assert.Contains("Humas.Bot.Channels.WhatsApp.WhatsAppDeliveryChannel", users);
        Assert.Empty(users.Except(allowed));
    }

    /// <summary>
    /// The one way in: adapters map their wire format to the core's events and hand them to
    /// <c>Conversations.Inbound.InboundRouter</c>; none calls the command handling, the vote counting or the tip flow
    /// and editors' queue itself. The exceptions below read, or are not chat events, and say why.
    /// </summary>
    [Fact]
    public void Adapters_reach_commands_votes_and_tips_only_through_the_router()
    {
        string[] entryPoints =
        [
            "Humas.Bot.Conversations.Commands.CommandService",
            "Humas.Bot.Feedback.IReactionService",
            "Humas.Bot.Tips.ITipConversation",
            "Humas.Bot.Tips.ITipCommands",
            "Humas.Bot.Tips.Flow.TipFlow",
            "Humas.Bot.Tips.Queue.TipQueue",
            "Humas.Bot.Tips.Editors.TipEditorDesk",
        ];
        var allowed = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            // Reads the five options' emoji to draw the buttons under an article; counts nothing.
            ["Humas.Bot.Channels.Telegram.TelegramMessageFormatter"] = "reads IReactionService.Options",
            // The ministry web page's widget is a feedback API, not a chat: an explicit choice (SetVoteAsync: pressing
            // the chosen option again must not undo it), the reader's current choice and the tallies.
            ["Humas.Bot.Channels.Web.Widget.WidgetEndpoints"] = "the widget's feedback API",
            ["Humas.Bot.Channels.Web.Widget.WidgetLiveEndpoint"] = "reads tallies for the widget's live stream",
        };

        var bypassing = ArchitectureRules.AdaptersBypassing(Service, "Humas.Bot", entryPoints);

        Assert.Empty(bypassing.Except(allowed.Keys));
        Assert.Empty(allowed.Keys.Except(bypassing)); // an exception nobody needs any more goes from the list
    }

    [Fact]
    public void The_router_rule_fails_for_an_adapter_that_calls_the_commands_itself()
    {
        var root = "Humas.Bot.Tests.Architecture.Samples.Broken";
        var bypassing = ArchitectureRules.AdaptersBypassing(typeof(Samples.Broken.Delivery.Sender).Assembly, root, root + ".Conversations.CommandService");

        Assert.Equal([root + ".Channels.ChatAdapter"], bypassing);
    }

    [Fact]
    public void The_client_rule_fails_for_a_core_type_that_calls_a_platform_client()
    {
        var users = ArchitectureRules.TypesUsing(typeof(Samples.Broken.Delivery.Sender).Assembly, "Humas.Bot.Tests.Architecture.Samples.Broken.Channels.PlatformClient");

        Assert.Equal(["Humas.Bot.Tests.Architecture.Samples.Broken.Delivery.Sender"], users);
    }

    /// <summary>
    /// The platform clients (Telegram.Bot's calls through <c>TelegramBotApi</c>, Teams' <c>ConnectorClient</c>)
    /// are called only by the channel's gateway adapter, and by the few inbound parts named here with why:
    /// everything that sends, edits, deletes, answers or looks up goes through <see cref="IChannelGateway"/>.
    /// </summary>
    [Fact]
    public void Only_the_gateway_adapters_call_the_platform_clients()
    {
        var allowed = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Channels/Telegram/TelegramDeliveryChannel.cs"] = "the Telegram gateway adapter",
            ["Channels/Teams/TeamsDeliveryChannel.cs"] = "the Teams gateway adapter",
            ["Channels/Telegram/Api/TelegramBotApi.cs"] = "the client itself (getUpdates)",
            ["Channels/Telegram/Updates/TelegramUpdateReceiver.cs"] = "receiving: getMe, getUpdates, setWebhook (nothing sent to a chat)",
            ["Channels/Telegram/Tips/TelegramTipAttachmentFetcher.cs"] = "downloading a tip's file (getFile): a fetch, not a message",
            ["Channels/Telegram/Cli/TelegramCommand.cs"] = "the operator's `telegram channels connect` resolving @name (getChat), no service running",
            ["Channels/Teams/Tips/TeamsTipAttachmentFetcher.cs"] = "downloading a tip's file from Teams: a fetch, not a message",
            ["Channels/WhatsApp/WhatsAppDeliveryChannel.cs"] = "the WhatsApp gateway adapter",
            ["Channels/WhatsApp/CloudApi/WhatsAppCloudApi.cs"] = "the Cloud API client itself",
            ["Channels/WhatsApp/Tips/WhatsAppTipAttachmentFetcher.cs"] = "downloading a tip's file through the media endpoint: a fetch, not a message",
        };
        var source = Path.Combine(RepositoryRoot.Find(), "src", "Humas.Bot");
        var calls = new Regex(
            @"\bapi\.Client\.\w+\(|\bconnector\.\w+Async\(|\bClient\.(Send|Edit|Delete|Answer|Get|Set)\w*\(|\bapi\.(SendAsync|MarkReadAsync)\(",
            RegexOptions.CultureInvariant);
        var offenders = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(source, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !allowed.ContainsKey(f) && calls.IsMatch(File.ReadAllText(Path.Combine(source, f))))
            .ToList();

        Assert.Empty(offenders);
    }
}

// A tiny layout that breaks both rules on purpose, so the architecture tests show that they can fail.
namespace Humas.Bot.Tests.Architecture.Samples.Broken.Channels
{
    public sealed class PlatformClient
    {
        public void Send()
        {
        }
    }
}

namespace Humas.Bot.Tests.Architecture.Samples.Broken.Delivery
{
    /// <summary>A core type that imports a channel, and half of a folder cycle.</summary>
    public sealed class Sender(Channels.PlatformClient client)
    {
        public void Send(Subscriptions.Reader reader)
        {
            _ = reader;
            client.Send();
        }
    }
}

namespace Humas.Bot.Tests.Architecture.Samples.Broken.Subscriptions
{
    /// <summary>The other half of the cycle: Subscriptions -> Delivery -> Subscriptions.</summary>
    public sealed class Reader
    {
        public Delivery.Sender? LastSender { get; set; }
    }
}

namespace Humas.Bot.Tests.Architecture.Samples.Broken.Conversations
{
    /// <summary>The core's command handling, which only the router may call.</summary>
    public sealed class CommandService
    {
        public void Handle()
        {
        }
    }
}

namespace Humas.Bot.Tests.Architecture.Samples.Broken.Channels
{
    /// <summary>An adapter that calls the command handling itself instead of handing an event to the router.</summary>
    public sealed class ChatAdapter(Conversations.CommandService commands)
    {
        public void Receive() => commands.Handle();
    }
}

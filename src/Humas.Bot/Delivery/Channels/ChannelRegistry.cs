namespace Humas.Bot.Delivery.Channels;

/// <summary>The channels this process can send through, by name; a channel that is switched off is simply absent.</summary>
public sealed class ChannelRegistry(IEnumerable<IDeliveryChannel> channels)
{
    private readonly Dictionary<string, IDeliveryChannel> _byName = channels.Where(c => c.IsEnabled).ToDictionary(c => c.Name, StringComparer.Ordinal);

    public IDeliveryChannel? Find(string name) => _byName.GetValueOrDefault(name);

    public IEnumerable<IDeliveryChannel> All => _byName.Values;
}

using Humas.Bot.Host;

namespace Humas.Bot.Tips.Attachments;

/// <summary>Woken when a tip is submitted, so its files fill in within moments rather than at the next poll.</summary>
public sealed class TipWorkSignal : WorkSignal;

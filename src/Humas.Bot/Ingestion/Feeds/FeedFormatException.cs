namespace Humas.Bot.Ingestion.Feeds;

/// <summary>
/// The one failure a feed parser reports. The message is a single line meant for the source's health
/// page, so an operator can tell "the site now serves HTML" from "the XML is broken" at a glance.
/// </summary>
public sealed class FeedFormatException(string message, Exception? inner = null) : Exception(message, inner);

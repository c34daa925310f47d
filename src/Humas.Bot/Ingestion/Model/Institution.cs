namespace Humas.Bot.Ingestion.Model;

/// <summary>A ministry or agency whose Humas office publishes news (e.g. "setneg").</summary>
public sealed class Institution
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; }
}

namespace Humas.Bot.Admin.Reports;

// One record per CSV row; the property names are the CSV headers (English, stable for scripts).

public sealed record ReactionRow(string Group, int Option1, int Option2, int Option3, int Option4, int Option5)
{
    public int Total => Option1 + Option2 + Option3 + Option4 + Option5;

    public int Of(int optionId) => optionId switch { 1 => Option1, 2 => Option2, 3 => Option3, 4 => Option4, _ => Option5 };
}

/// <summary>
/// A national item among the readers following <paramref name="InstitutionId"/>: sent to (<paramref name="Readers"/>),
/// planned, reported read, and their reactions.
/// </summary>
public sealed record NationalReachRow(string InstitutionId, string InstitutionName, int Readers, int Planned, int Read, int Reactions);

/// <param name="Read">Deliveries reported read by the platform (WhatsApp read receipts).</param>
public sealed record TopArticleRow(Guid ArticleId, string Title, string InstitutionId, string? Category, DateTime PublishedAt, int Reactions, int Sent, int Read);

public sealed record SubscriberGrowthRow(DateOnly Day, string Channel, int New, int Total);

public sealed record DeliverySuccessRow(string Channel, int Planned, int Sent, int Failed, int Skipped, int Cancelled, int Pending)
{
    public double SuccessRate => Sent + Failed == 0 ? 0 : (double)Sent / (Sent + Failed);
}

public sealed record SubscriberRow(long Id, string Channel, string ExternalId, string? Title, string Status, string Language, string DeliveryMode, string Follows, DateTime CreatedAt);

/// <summary>The monthly evaluation of one institution's public communication (Inpres 9/2015 monitoring and evaluation).</summary>
public sealed record EvaluationReport(
    string InstitutionId,
    string InstitutionName,
    int Year,
    int Month,
    int Articles,
    int DeliveriesSent,
    int DeliveriesFailed,
    int ReadersReached,
    int Subscribers,
    ReactionRow Reactions,
    IReadOnlyList<TopArticleRow> TopArticles,
    int TipsReceived,
    int TipsAnswered,
    int TipsAccepted,
    int Clicks)
{
    /// <summary>Reach (the deliveries sent in the month), clicks and votes of the month, and the rates made of them.</summary>
    public Engagement Engagement => Engagement.Of(DeliveriesSent, Clicks, Reactions);

    /// <summary>Share of Suka and Bermanfaat among all reactions, 0..1.</summary>
    public double PositiveShare => Reactions.Total == 0 ? 0 : (double)(Reactions.Option1 + Reactions.Option2) / Reactions.Total;

    public double DeliverySuccess => DeliveriesSent + DeliveriesFailed == 0 ? 0 : (double)DeliveriesSent / (DeliveriesSent + DeliveriesFailed);
}

/// <summary>A flat "metric,value" line of the evaluation CSV.</summary>
public sealed record EvaluationCsvRow(string Institution, string Month, string Metric, string Value);

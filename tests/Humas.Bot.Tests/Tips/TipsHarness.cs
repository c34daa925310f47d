using Humas.Bot.Host;
using Humas.Bot.Localization;
using Humas.Bot.Storage;
using Humas.Bot.Tests.Support;
using Humas.Bot.Tips;
using Humas.Bot.Tips.Attachments;
using Humas.Bot.Tips.Contributors;
using Humas.Bot.Tips.Model;
using Humas.Bot.Tips.Queue;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Humas.Bot.Subscriptions;

namespace Humas.Bot.Tests.Tips;

/// <summary>
/// The tip core wired by AddTips over a real migrated SQLite file, a manual clock, a recording notifier and a
/// fake fetcher. Two harnesses over one <see cref="TestDatabase"/> are two service instances (a restart).
/// </summary>
public sealed class TipsHarness : IDisposable
{
    /// <summary>2026-11-22 03:00 UTC = 10:00 on 22 November in Jakarta.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);

    private readonly IHost _host;
    private readonly bool _ownsDatabase;

    public TipsHarness(Dictionary<string, string?>? settings = null, TestDatabase? database = null, FakeTimeProvider? clock = null, DatabaseKind db = DatabaseKind.Sqlite)
    {
        _ownsDatabase = database is null;
        Database = database ?? NewDatabase(db);
        Clock = clock ?? new FakeTimeProvider(Start);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var config = new Dictionary<string, string?> { ["Tips:StoragePath"] = Path.Combine(Database.Folder, "tips") };
        foreach (var (key, value) in settings ?? [])
        {
            config[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(config);
        // Kept in memory, so a test can check what was logged as an error.
        builder.Services.AddFakeLogging();
        builder.AddTips();
        builder.Services.AddSingleton<IDbContextFactory<HumasDbContext>>(Database);
        builder.Services.AddValidatedOptions(Humas.Bot.Storage.Files.FileStoreOptions.Section, new Humas.Bot.Storage.Files.FileStoreOptionsValidator());
        builder.Services.AddSingleton<Humas.Bot.Storage.Files.FileStore>();
        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.Services.AddSingleton<ITexts>(Texts);
        builder.Services.AddSingleton<Humas.Bot.Delivery.Notices.NoticeOutbox>();
        builder.Services.AddSingleton<Humas.Bot.Delivery.Messages.IArticleLinks, Humas.Bot.Delivery.Messages.DirectArticleLinks>();
        builder.Services.AddSingleton<Humas.Bot.Subscriptions.IInstitutionEditorsChats>(new TestEditorsChat());
        builder.Services.AddSingleton<TipNotifications>();
        builder.Services.AddSingleton<ITipNotices>(sp => Notifier.Over(sp.GetRequiredService<TipNotifications>()));
        builder.Services.AddSingleton<ITipAttachmentFetcher>(Fetcher);
        _host = builder.Build();
    }

    public const string Channel = "test";

    public TestDatabase Database { get; }
    public FakeTimeProvider Clock { get; }
    public RecordingTexts Texts { get; } = new(new JsonTexts());
    public RecordingTipNotifier Notifier { get; } = new();
    public FakeTipFetcher Fetcher { get; } = new();
    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();
    public ITipConversation Flow => Get<ITipConversation>();
    public ITipCommands Commands => Get<ITipCommands>();
    public TipQueue Queue => Get<TipQueue>();
    public ContributorRegistry Contributors => Get<ContributorRegistry>();
    public TipAttachmentFetchService Attachments => Get<TipAttachmentFetchService>();
    public FakeLogCollector Logs => Get<FakeLogCollector>();

    public static TestDatabase NewDatabase(DatabaseKind kind = DatabaseKind.Sqlite)
    {
        var database = new TestDatabase(kind: kind);
        using var db = database.CreateDbContext();
        db.AddInstitutions();
        return database;
    }

    public static TipAuthor Author(string user = "42", string language = "id", string? name = "Tri Novita Sari") =>
        new(Channel, "chat-" + user, user, name, language);

    public Task<IReadOnlyList<TipReply>> Send(TipInput input) => Flow.HandleAsync(input, CancellationToken.None);

    /// <summary>Start, text, then straight to the summary (no attachments, contact skipped).</summary>
    public async Task<TipAuthor> ToSummaryAsync(TipAuthor author, string text = "Rakor Kontributor Berita di PPK GBK hari ini.")
    {
        await Send(new TipStart(author));
        await Send(new TipText(author, text));
        await Send(new TipAction(author, "done"));
        await Send(new TipAction(author, "skip"));
        return author;
    }

    /// <summary>A whole tip; returns its ticket.</summary>
    public async Task<string> SubmitAsync(TipAuthor author, string text = "Rakor Kontributor Berita di PPK GBK hari ini.")
    {
        await ToSummaryAsync(author, text);
        return (await SubmitFromSummaryAsync(author)).Ticket;
    }

    /// <summary>Kirim from the summary; returns the stored tip.</summary>
    public async Task<Tip> SubmitFromSummaryAsync(TipAuthor author)
    {
        var reply = Assert.Single(await Send(new TipAction(author, "send")));
        var tip = await Db(db => db.Set<Tip>().Where(t => t.UserExternalId == author.UserExternalId).OrderByDescending(t => t.Id).FirstAsync());
        Assert.Equal(Text("tips.submitted", author.Language, tip.Ticket), reply.Text);
        return tip;
    }

    public async Task<T> Db<T>(Func<HumasDbContext, Task<T>> query)
    {
        await using var db = Database.CreateDbContext();
        return await query(db);
    }

    public string Text(string key, string language, params object?[] args) => Texts.Inner.Get(key, language, args);

    public void Dispose()
    {
        _host.Dispose();
        if (_ownsDatabase)
        {
            Database.Dispose();
        }
    }
}

/// <summary>Remembers every text handed out, so a test can check a reply came from the tables.</summary>
public sealed class RecordingTexts(JsonTexts inner) : ITexts
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<(string Key, string Text)> _given = new();

    public JsonTexts Inner { get; } = inner;
    public IReadOnlyCollection<(string Key, string Text)> Given => _given;

    public string Get(string key, string? language, params object?[] args)
    {
        var text = Inner.Get(key, language, args);
        _given.Enqueue((key, text));
        return text;
    }

    public bool Has(string key) => Inner.Has(key);
}

/// <summary>The editors' chat of the harness's channel.</summary>
public sealed class TestEditorsChat : Humas.Bot.Subscriptions.InstitutionEditorsChats
{
    public static Humas.Bot.Subscriptions.ConversationAddress Address { get; } =
        new(TipsHarness.Channel, "editors", Humas.Bot.Subscriptions.ConversationKind.Group);

    public override string Channel => TipsHarness.Channel;

    protected override Humas.Bot.Subscriptions.ConversationAddress? Global => Address;

    protected override IEnumerable<(string InstitutionId, Humas.Bot.Subscriptions.ConversationAddress Chat)> Own => [];
}

/// <summary>Records every notice the tips core hands out, then lets the real outbox store it.</summary>
public sealed class RecordingTipNotifier : ITipNotices
{
    private ITipNotices? _inner;

    public List<TipEditorNotice> Editors { get; } = [];
    public List<TipContributorNotice> Contributors { get; } = [];

    /// <summary>Notices to contributors cannot be queued (the outbox refuses them); the change they go with rolls back.</summary>
    public bool FailToContributors { get; set; }

    public ITipNotices Over(ITipNotices inner)
    {
        _inner = inner;
        return this;
    }

    /// <summary>Thrown once by the next notice to the editors, inside the transaction of the change it goes with.</summary>
    public Exception? FailNextToEditors { get; set; }

    public async Task ToEditorsAsync(HumasDbContext db, TipEditorNotice notice, CancellationToken ct)
    {
        if (FailNextToEditors is { } failure)
        {
            FailNextToEditors = null;
            throw failure;
        }

        await _inner!.ToEditorsAsync(db, notice, ct);
        lock (Editors)
        {
            Editors.Add(notice);
        }
    }

    public async Task<bool> ToContributorAsync(HumasDbContext db, TipContributorNotice notice, CancellationToken ct)
    {
        if (FailToContributors)
        {
            throw new InvalidOperationException("The notice outbox is unavailable");
        }

        var queued = await _inner!.ToContributorAsync(db, notice, ct);
        lock (Contributors)
        {
            Contributors.Add(notice);
        }

        return queued;
    }
}

/// <summary>Serves files by id; a file can fail transiently a number of times first.</summary>
public sealed class FakeTipFetcher : ITipAttachmentFetcher
{
    public string Channel => TipsHarness.Channel;
    public Dictionary<string, byte[]> Files { get; } = [];
    public Dictionary<string, int> FailuresLeft { get; } = [];
    public List<string> Calls { get; } = [];

    /// <summary>Files the channel keeps in the file store itself (as the web chat's uploads): file id to store key.</summary>
    public Dictionary<string, string> Uploads { get; } = [];

    public string? StoredKey(string channelFileId) => Uploads.GetValueOrDefault(channelFileId);

    /// <summary>The files of drafts that went unsent, which the channel was told to free.</summary>
    public List<string> Discarded { get; } = [];

    public Task DiscardAsync(string channelFileId, CancellationToken cancellationToken)
    {
        lock (Discarded)
        {
            Discarded.Add(channelFileId);
        }

        return Task.CompletedTask;
    }

    public async Task<FetchedFile> FetchAsync(string channelFileId, long maxBytes, Stream destination, CancellationToken cancellationToken)
    {
        Calls.Add(channelFileId);
        if (FailuresLeft.TryGetValue(channelFileId, out var left) && left > 0)
        {
            FailuresLeft[channelFileId] = left - 1;
            throw new HttpRequestException("connection reset");
        }

        if (!Files.TryGetValue(channelFileId, out var bytes))
        {
            throw new TipFetchException("file not found on the channel", transient: false);
        }

        // Written in chunks, like a download, so the core's cap stops it part-way.
        for (var offset = 0; offset < bytes.Length; offset += 64 * 1024)
        {
            await destination.WriteAsync(bytes.AsMemory(offset, Math.Min(64 * 1024, bytes.Length - offset)), cancellationToken);
        }

        return new FetchedFile("from-channel.bin", "application/octet-stream");
    }
}

using Humas.Bot.Cli;
using Humas.Bot.Host;
using Humas.Bot.Tips.Attachments;
using Humas.Bot.Tips.Cli;
using Humas.Bot.Tips.Contributors;
using Humas.Bot.Tips.Flow;
using Humas.Bot.Tips.Queue;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Humas.Bot.Tips;

public static class TipsRegistration
{
    /// <summary>
    /// The channel-neutral tip core: the flow (<see cref="ITipConversation"/>), commands
    /// (<see cref="ITipCommands"/>), the editors' queue, contributors, the attachment fetcher and the CLI verbs.
    /// Channels add their own <see cref="Subscriptions.IInstitutionEditorsChats"/> and <see cref="ITipAttachmentFetcher"/>.
    /// </summary>
    public static IHostApplicationBuilder AddTips(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions(TipsOptions.Section, new TipsOptionsValidator());
        services.AddSingleton<ITipNotices, TipNotifications>();
        services.AddSingleton<TipNoticeComposer>();
        services.AddSingleton<TipQueue>();
        services.AddSingleton<Editors.TipEditorDesk>();
        services.AddSingleton<TipBlockList>();
        services.AddSingleton<TipWorkSignal>();
        services.AddSingleton<TipSubmitter>();
        services.AddSingleton<TipDraftJanitor>();
        services.AddSingleton<TipBundles>();
        services.AddSingleton<TipDraftFiles>();
        // A citizen's tip asks which institution it is for with the readers' institution picker.
        services.TryAddSingleton<Institutions.InstitutionDirectory>();
        services.TryAddSingleton<Institutions.InstitutionPicker>();
        services.AddSingleton<TipInstitutionQuestion>();
        services.AddSingleton<TipFlow>();
        services.AddSingleton<ITipConversation>(sp => sp.GetRequiredService<TipFlow>());
        services.AddSingleton<ContributorRegistry>();
        services.AddSingleton<TipLeaderboard>();
        services.AddSingleton<ITipCommands, TipCommands>();
        services.AddSingleton<TipAttachmentFetchService>();
        services.AddHostedService<TipAttachmentWorker>();
        services.AddSingleton<ICliCommand, ContributorsCommand>();
        services.AddSingleton<ICliCommand, TipsCommand>();
        return builder;
    }
}

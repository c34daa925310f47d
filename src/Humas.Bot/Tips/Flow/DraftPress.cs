using System.Globalization;
using Humas.Bot.Tips.Model;

namespace Humas.Bot.Tips.Flow;

/// <summary>
/// A press of one of the two buttons that act on the draft as a whole, Kirim ("send") and Selesai ("done"), read from
/// its action. Their buttons name their draft ("send:12", "done:12"), and draft ids are never reused, so a press of a
/// button left under an older message, of a draft that is gone, is told apart from a press of the open draft's
/// (<see cref="NamesOther"/>). The bare verb names no draft: it is the word typed for the button (WhatsApp's "kirim",
/// "selesai"), which means the open draft, the bare action a client may send, or a button from before the buttons
/// named their draft.
/// </summary>
public readonly record struct DraftPress(string Verb, long? DraftId)
{
    public const string Send = "send";
    public const string Done = "done";

    public bool IsSend => Verb == Send;

    public bool IsDone => Verb == Done;

    /// <summary>
    /// The press an input is; null for any other input, any other action, and a verb followed by something that is not
    /// a draft id (which the flow treats as any unknown action).
    /// </summary>
    public static DraftPress? Of(TipInput input) =>
        input is TipAction { Action: var action } ? Parse(action, Send) ?? Parse(action, Done) : null;

    /// <summary>The action of a button that names its draft: "send:12", "done:12".</summary>
    public static string Action(string verb, long draftId) => $"{verb}:{draftId.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// The press names another draft than the open one. A press naming none does not: which draft it meant cannot be
    /// told, so it keeps its old meaning, the open draft.
    /// </summary>
    public bool NamesOther(TipDraft draft) => DraftId is { } named && named != draft.Id;

    private static DraftPress? Parse(string action, string verb)
    {
        if (action == verb)
        {
            return new DraftPress(verb, null);
        }

        return action.Length > verb.Length + 1 && action.StartsWith(verb, StringComparison.Ordinal) && action[verb.Length] == ':'
            && long.TryParse(action.AsSpan(verb.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? new DraftPress(verb, id)
                : null;
    }
}

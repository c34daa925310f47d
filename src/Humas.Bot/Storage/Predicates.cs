using System.Linq.Expressions;

namespace Humas.Bot.Storage;

/// <summary>Query filters built from other filters, so EF translates them as one WHERE.</summary>
public static class Predicates
{
    /// <summary>The rows <paramref name="predicate"/> does not match.</summary>
    public static Expression<Func<T, bool>> Not<T>(Expression<Func<T, bool>> predicate) =>
        Expression.Lambda<Func<T, bool>>(Expression.Not(predicate.Body), predicate.Parameters);
}

using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace Humas.Bot.Storage.Scoping;

/// <summary>
/// Turns the scope rules into EF Core query filters on the restricted model. A filter's <c>db</c> stands for the
/// context that runs the query: EF Core reads <see cref="HumasDbContext.ScopeInstitutions"/> from it as a parameter,
/// and its other sets are restricted too, so a rule may say "visible when its article is" and stay one line.
/// </summary>
public sealed class InstitutionScopeBuilder(ModelBuilder model, HumasDbContext context)
{
    /// <summary>Rows whose institution is one of the scope's (a null institution is national: not visible).</summary>
    public void ByInstitution<T>(Expression<Func<T, string?>> institution)
        where T : class
    {
        var row = institution.Parameters[0];
        var db = Expression.Parameter(typeof(HumasDbContext), "db");
        var ids = Expression.Property(db, nameof(HumasDbContext.ScopeInstitutions));
        var contains = Expression.Call(
            typeof(Enumerable), nameof(Enumerable.Contains), [typeof(string)], ids, institution.Body);
        Where(Expression.Lambda<Func<T, HumasDbContext, bool>>(contains, row, db));
    }

    /// <summary>Rows for which <paramref name="visible"/> holds; <c>db</c> is the restricted context running the query.</summary>
    public void Where<T>(Expression<Func<T, HumasDbContext, bool>> visible)
        where T : class
    {
        var db = visible.Parameters[1];
        var body = new Replace(db, Expression.Constant(context, typeof(HumasDbContext))).Visit(visible.Body);
        model.Entity<T>().HasQueryFilter(Expression.Lambda<Func<T, bool>>(body, visible.Parameters[0]));
    }

    private sealed class Replace(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}

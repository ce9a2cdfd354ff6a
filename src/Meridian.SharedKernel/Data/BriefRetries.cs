using Microsoft.EntityFrameworkCore.Storage;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace Meridian.SharedKernel.Data;

/// <summary>
/// Npgsql's retrying strategy, tuned for a store: two quick retries (a dropped pooled connection, a database
/// restarting) instead of six spread over a minute, because a request that cannot reach the database must
/// become a prompt 503 the client retries, not a hang. Work inside a transaction the code began itself is
/// never retried here (EF would have to replay the whole unit); it fails to the caller, which owns the retry.
/// </summary>
internal sealed class BriefRetries(ExecutionStrategyDependencies dependencies)
    : NpgsqlRetryingExecutionStrategy(dependencies, maxRetryCount: 2, maxRetryDelay: TimeSpan.FromMilliseconds(200), errorCodesToAdd: null)
{
    private bool InTransaction => Dependencies.CurrentContext.Context.Database.CurrentTransaction is not null;

    /// <summary>EF refuses a retrying strategy inside a user transaction; here such work simply runs once.</summary>
    protected override void OnFirstExecution()
    {
        if (InTransaction)
        {
            ExceptionsEncountered.Clear();
            return;
        }
        base.OnFirstExecution();
    }

    /// <inheritdoc />
    protected override bool ShouldRetryOn(Exception? exception) => !InTransaction && base.ShouldRetryOn(exception);
}

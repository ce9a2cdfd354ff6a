using System.Net.Sockets;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace Meridian.SharedKernel.Data;

/// <summary>
/// Npgsql's retrying strategy, narrowed for a store. Two quick retries (a database restarting, a failover, a pool
/// full at a spike) instead of six spread over a minute, because a request that cannot reach the database must
/// become a prompt 503 the client retries, not a hang. Only failures where nothing can have run are retried: the
/// connection could not be made, or the server refused the session before it began. A statement whose connection
/// broke mid-flight may have committed, and running it again could apply it twice, so that one goes to the caller.
/// Work inside a transaction the code began itself is never retried here (EF would have to replay the whole unit).
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
    protected override bool ShouldRetryOn(Exception? exception) => !InTransaction && NothingRan(exception);

    /// <summary>Whether <paramref name="exception"/> happened before any statement could reach the database.</summary>
    internal static bool NothingRan(Exception? exception) => exception switch
    {
        // 57P03: the database is starting up or recovering; 53300: too many connections. Both refuse the session.
        PostgresException postgres => postgres.SqlState is PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections,
        NpgsqlException { InnerException: SocketException } => true,
        _ => false,
    };
}

using System.Data.Common;

namespace Meridian.SharedKernel.Data;

/// <summary>
/// Parameterised ADO.NET commands for code that writes on a connection its module does not own (another
/// module's transaction, a consumer's), where an EF context would first have to join it.
/// </summary>
public static class DbCommands
{
    /// <summary>A command on <paramref name="connection"/> within <paramref name="transaction"/> (or none); null values become DBNull.</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string text, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(parameters);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = text;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    /// <summary>A command within <paramref name="transaction"/>, on its connection.</summary>
    public static DbCommand Command(DbTransaction transaction, string text, params (string Name, object? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return Command(transaction.Connection ?? throw new ArgumentException("The transaction has no connection.", nameof(transaction)), transaction, text, parameters);
    }

    /// <summary>Runs a statement within <paramref name="transaction"/>; returns the rows it changed.</summary>
    public static async Task<int> ExecuteAsync(DbTransaction transaction, string text, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(transaction, text, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Meridian.SharedKernel.Data;

/// <summary>Model conventions every module's context applies, so providers behave the same.</summary>
public static class Conventions
{
    /// <summary>
    /// SQLite stores <see cref="DateTimeOffset"/> as text it cannot order or compare; as a binary
    /// number it sorts correctly. PostgreSQL keeps its native type.
    /// </summary>
    public static void UseMeridianConventions(this ModelConfigurationBuilder builder, DatabaseFacade database)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(database);
        if (database.IsSqlite())
        {
            builder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }
}

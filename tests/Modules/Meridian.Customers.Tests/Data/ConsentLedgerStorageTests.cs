using Meridian.Customers.Data;
using Meridian.Customers.Domain;
using Meridian.Customers.Tests.Domain;

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Customers.Tests.Data;

/// <summary>The ledger's append-only rule, enforced by the context over the real migrations.</summary>
public sealed class ConsentLedgerStorageTests : IAsyncLifetime
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");
    private CustomersDbContext _db = null!;

    public async ValueTask InitializeAsync()
    {
        await _connection.OpenAsync();
        _db = new CustomersDbContext(new DbContextOptionsBuilder<CustomersDbContext>().UseSqlite(_connection).Options);
        await _db.Database.MigrateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _db.DisposeAsync();
        await _connection.DisposeAsync();
    }

    [Fact]
    public async Task a_ledger_entry_cannot_be_changed_or_deleted()
    {
        var customer = TestCustomers.New();
        _db.Customers.Add(customer);
        var entry = new ConsentEntry
        {
            Id = Meridian.SharedKernel.Ids.New("cons"),
            CustomerId = customer.Id,
            Purpose = ConsentPurposes.Terms,
            Granted = true,
            TermsVersion = "v1",
            Source = "chan_web",
            RecordedAt = DateTimeOffset.UnixEpoch,
        };
        _db.Consents.Add(entry);
        await _db.SaveChangesAsync();

        _db.Entry(entry).Property(e => e.Granted).CurrentValue = false;
        await Assert.ThrowsAsync<InvalidOperationException>(() => _db.SaveChangesAsync());

        _db.ChangeTracker.Clear();
        _db.Consents.Remove(await _db.Consents.SingleAsync(e => e.Id == entry.Id));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _db.SaveChangesAsync());

        _db.ChangeTracker.Clear();
        Assert.True((await _db.Consents.SingleAsync(e => e.Id == entry.Id)).Granted);
    }

    [Fact]
    public async Task a_refresh_token_cannot_be_rotated_twice_by_two_contexts_at_once()
    {
        var customer = TestCustomers.New();
        var (token, _) = RefreshToken.Issue(customer.Id, DateTimeOffset.UnixEpoch);
        _db.Customers.Add(customer);
        _db.RefreshTokens.Add(token);
        await _db.SaveChangesAsync();
        await using var other = new CustomersDbContext(new DbContextOptionsBuilder<CustomersDbContext>().UseSqlite(_connection).Options);
        var mine = await _db.RefreshTokens.SingleAsync(t => t.Id == token.Id);
        var theirs = await other.RefreshTokens.SingleAsync(t => t.Id == token.Id);

        other.RefreshTokens.Add(theirs.Rotate(DateTimeOffset.UnixEpoch.AddMinutes(1)).Token);
        await other.SaveChangesAsync();
        _db.RefreshTokens.Add(mine.Rotate(DateTimeOffset.UnixEpoch.AddMinutes(1)).Token);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => _db.SaveChangesAsync());
    }
}

namespace Meridian.Customers.Domain;

internal enum CustomerStatus
{
    Active,
    Erased,
}

/// <summary>
/// A registered customer. Resident data: it lives only in <see cref="HomeRegion"/>. The id outlives
/// an erasure, because orders and invoices keep referring to it for accounting.
/// </summary>
internal sealed class Customer
{
    public required string Id { get; init; }

    /// <summary>Trimmed and lower-case (<see cref="Emails.Normalize"/>); unique.</summary>
    public required string Email { get; set; }

    /// <summary>An ASP.NET Core Identity password hash; null once erased.</summary>
    public string? PasswordHash { get; set; }

    public required string FirstName { get; set; }
    public required string LastName { get; set; }
    public string? Phone { get; set; }

    /// <summary>ISO 3166-1 alpha-2, upper-case.</summary>
    public string? Country { get; set; }

    public required string HomeRegion { get; init; }
    public required string Jurisdiction { get; init; }
    public CustomerStatus Status { get; set; } = CustomerStatus.Active;
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ErasedAt { get; set; }

    public int FailedSignIns { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>Changes with every write, so two concurrent sign-ins cannot both count from the same number.</summary>
    public int Version { get; set; }

    public bool IsErased => Status == CustomerStatus.Erased;

    public bool IsLockedAt(DateTimeOffset now) => LockedUntil is { } until && until > now;

    /// <summary>Counts a wrong password; the <see cref="Lockout.MaxFailures"/>th in a row locks the account.</summary>
    public void RecordFailedSignIn(DateTimeOffset now)
    {
        if (LockedUntil is { } until && until <= now)
        {
            // A lock that ran out starts a fresh count.
            LockedUntil = null;
            FailedSignIns = 0;
        }
        FailedSignIns++;
        if (FailedSignIns >= Lockout.MaxFailures)
        {
            LockedUntil = now + Lockout.Duration;
            FailedSignIns = 0;
        }
        Version++;
    }

    public void RecordSuccessfulSignIn(DateTimeOffset now)
    {
        FailedSignIns = 0;
        LockedUntil = null;
        LastSignInAt = now;
        Version++;
    }

    public void UpdateProfile(string? firstName, string? lastName, string? phone, DateTimeOffset now)
    {
        FirstName = firstName ?? FirstName;
        LastName = lastName ?? LastName;
        if (phone is not null)
        {
            Phone = phone.Length == 0 ? null : phone;
        }
        UpdatedAt = now;
        Version++;
    }

    /// <summary>
    /// Removes the personal data this row holds. The email becomes a random pseudonym, not a hash of
    /// the address (a hash could be confirmed by anyone who knows the address). The id, the home
    /// region and the timestamps stay: they identify no one without the rest, and accounting needs
    /// the id.
    /// </summary>
    public void Erase(DateTimeOffset now, string pseudonymousEmail)
    {
        Email = pseudonymousEmail;
        PasswordHash = null;
        FirstName = "";
        LastName = "";
        Phone = null;
        Country = null;
        FailedSignIns = 0;
        LockedUntil = null;
        LastSignInAt = null;
        Status = CustomerStatus.Erased;
        ErasedAt = now;
        UpdatedAt = now;
        Version++;
    }
}

/// <summary>How many wrong passwords in a row lock an account, and for how long.</summary>
internal static class Lockout
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(15);
}

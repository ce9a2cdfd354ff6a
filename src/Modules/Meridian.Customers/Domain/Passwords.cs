using Microsoft.AspNetCore.Identity;

namespace Meridian.Customers.Domain;

/// <summary>
/// Password rules and hashing. Hashing is ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>
/// (PBKDF2 with HMAC-SHA512, salted, versioned format), never hand-written.
/// </summary>
internal sealed class Passwords
{
    public const int MinLength = 10;
    public const int MaxLength = 128;
    public const string Rule = "Between 10 and 128 characters.";

    private readonly PasswordHasher<Customer> _hasher = new();

    /// <summary>A hash of a random password, verified against when the email is unknown so that answer takes as long as a wrong password.</summary>
    private readonly Lazy<string> _decoy;

    public Passwords() => _decoy = new Lazy<string>(() => _hasher.HashPassword(null!, Guid.NewGuid().ToString("N")));

    public static bool FollowsRules(string password) => password.Length is >= MinLength and <= MaxLength;

    public string Hash(Customer customer, string password) => _hasher.HashPassword(customer, password);

    /// <summary>True when the password matches; re-hashes into <paramref name="customer"/> when the stored format is outdated.</summary>
    public bool Verify(Customer customer, string password)
    {
        if (customer.PasswordHash is null)
        {
            SpendTheSameTime(password);
            return false;
        }
        var result = _hasher.VerifyHashedPassword(customer, customer.PasswordHash, password);
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            customer.PasswordHash = _hasher.HashPassword(customer, password);
        }
        return result != PasswordVerificationResult.Failed;
    }

    /// <summary>Verifies against a decoy so an unknown email cannot be told from a wrong password by timing.</summary>
    public void SpendTheSameTime(string password) => _hasher.VerifyHashedPassword(null!, _decoy.Value, password);
}

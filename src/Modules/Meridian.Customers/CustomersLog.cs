using Microsoft.Extensions.Logging;

namespace Meridian.Customers;

/// <summary>
/// The customers module's log messages; event ids 3000–3099. Customer ids only: never an email, a
/// name, an address, a password or a token.
/// </summary>
internal static partial class CustomersLog
{
    [LoggerMessage(3000, LogLevel.Information, "Customer {CustomerId} registered in home region {HomeRegion}")]
    public static partial void CustomerRegistered(this ILogger logger, string customerId, string homeRegion);

    [LoggerMessage(3001, LogLevel.Information, "Customer {CustomerId} signed in")]
    public static partial void SignedIn(this ILogger logger, string customerId);

    [LoggerMessage(3002, LogLevel.Information, "A sign-in failed for customer {CustomerId}")]
    public static partial void SignInFailed(this ILogger logger, string customerId);

    [LoggerMessage(3003, LogLevel.Information, "A sign-in failed for an unknown email")]
    public static partial void SignInFailedForUnknownEmail(this ILogger logger);

    [LoggerMessage(3004, LogLevel.Warning, "Customer {CustomerId} is locked until {LockedUntil} after repeated failed sign-ins")]
    public static partial void AccountLocked(this ILogger logger, string customerId, DateTimeOffset lockedUntil);

    [LoggerMessage(3005, LogLevel.Information, "A sign-in was refused: customer {CustomerId} is locked")]
    public static partial void SignInWhileLocked(this ILogger logger, string customerId);

    [LoggerMessage(3006, LogLevel.Warning, "A rotated refresh token of customer {CustomerId} was presented again; token family {FamilyId} revoked")]
    public static partial void RefreshTokenReuseDetected(this ILogger logger, string customerId, string familyId);

    [LoggerMessage(3007, LogLevel.Information, "Customer {CustomerId} signed out of token family {FamilyId}")]
    public static partial void SignedOut(this ILogger logger, string customerId, string familyId);

    [LoggerMessage(3008, LogLevel.Information, "Customer {CustomerId} erased")]
    public static partial void CustomerErased(this ILogger logger, string customerId);

    [LoggerMessage(3009, LogLevel.Warning, "No token signing key configured; generated one in {KeyFile}. Configure Meridian:Customers:TokenSigningKey when several replicas share a region.")]
    public static partial void SigningKeyGenerated(this ILogger logger, string keyFile);

    [LoggerMessage(3010, LogLevel.Information, "Customer {CustomerId} recorded consent to {Purpose}: {Granted}")]
    public static partial void ConsentRecorded(this ILogger logger, string customerId, string purpose, bool granted);
}

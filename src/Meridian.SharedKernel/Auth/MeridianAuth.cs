namespace Meridian.SharedKernel.Auth;

/// <summary>Claim types Meridian's authentication handlers issue.</summary>
public static class MeridianClaims
{
    /// <summary><c>publishable</c> or <c>secret</c>: the kind of API key that authenticated the call.</summary>
    public const string KeyKind = "meridian:key_kind";

    /// <summary>The API key's id (never the key itself).</summary>
    public const string KeyId = "meridian:key_id";

    /// <summary>The sales channel the key belongs to, if any.</summary>
    public const string ChannelId = "meridian:channel_id";

    /// <summary>One claim per scope granted to a secret key.</summary>
    public const string Scope = "scope";

    /// <summary>The customer's id in a customer access token.</summary>
    public const string CustomerId = "sub";

    /// <summary>The customer's home region in a customer access token.</summary>
    public const string HomeRegion = "home_region";
}

/// <summary>Values of <see cref="MeridianClaims.KeyKind"/>.</summary>
public static class KeyKinds
{
    /// <summary>A key that may ship inside a storefront, kiosk or app: reads and shopper actions only.</summary>
    public const string Publishable = "publishable";

    /// <summary>A server-side key for admin and integrations, limited by its scopes.</summary>
    public const string Secret = "secret";
}

/// <summary>Authentication scheme names.</summary>
public static class AuthSchemes
{
    /// <summary>The <c>X-Api-Key</c> header with a <c>pk_</c> or <c>sk_</c> key.</summary>
    public const string ApiKey = "ApiKey";

    /// <summary>A customer's bearer access token.</summary>
    public const string Customer = "Customer";
}

/// <summary>Scopes a secret key can hold. A secret key without the scope a route needs gets 403.</summary>
public static class Scopes
{
    /// <summary>Read catalog data including drafts.</summary>
    public const string CatalogRead = "catalog:read";

    /// <summary>Create and change products, categories, brands and attributes.</summary>
    public const string CatalogWrite = "catalog:write";

    /// <summary>Read channels and API keys.</summary>
    public const string ChannelsRead = "channels:read";

    /// <summary>Create channels, issue and revoke API keys.</summary>
    public const string ChannelsWrite = "channels:write";

    /// <summary>Read customer profiles (support staff). Personal data: grant it sparingly.</summary>
    public const string CustomersRead = "customers:read";

    /// <summary>Read promotions, tax rates and shipping methods.</summary>
    public const string PricingRead = "pricing:read";

    /// <summary>Create promotions, tax rates, shipping zones and methods.</summary>
    public const string PricingWrite = "pricing:write";

    /// <summary>Read payments, their refunds and (when enabled) the test provider's ledger.</summary>
    public const string PaymentsRead = "payments:read";

    /// <summary>Move money on payments: capture, void, refund.</summary>
    public const string PaymentsWrite = "payments:write";

    /// <summary>Read orders with their fulfilments, returns and refunds. Personal data: grant it sparingly.</summary>
    public const string OrdersRead = "orders:read";

    /// <summary>Fulfil, capture, refund, take returns and cancel orders.</summary>
    public const string OrdersWrite = "orders:write";

    /// <summary>Read the event feed, consumers and their dead letters. Customer events carry personal data: grant it sparingly.</summary>
    public const string EventsRead = "events:read";

    /// <summary>Replay events and dead letters to consumers.</summary>
    public const string EventsWrite = "events:write";

    /// <summary>Read marketplace reconciliation runs and the simulated marketplace.</summary>
    public const string MarketplaceRead = "marketplace:read";

    /// <summary>Run reconciliations, rotate a marketplace's signing secret, drive the simulated marketplace.</summary>
    public const string MarketplaceWrite = "marketplace:write";

    /// <summary>Read webhook endpoints and their delivery log; never their secrets.</summary>
    public const string WebhooksRead = "webhooks:read";

    /// <summary>Register, change, rotate secrets of and delete webhook endpoints; redeliver.</summary>
    public const string WebhooksWrite = "webhooks:write";

    /// <summary>Every scope, in the order the API reference lists them.</summary>
    public static readonly IReadOnlyList<string> All =
        [CatalogRead, CatalogWrite, ChannelsRead, ChannelsWrite, CustomersRead, EventsRead, EventsWrite, MarketplaceRead, MarketplaceWrite,
            OrdersRead, OrdersWrite, PaymentsRead, PaymentsWrite, PricingRead, PricingWrite, WebhooksRead, WebhooksWrite];
}

/// <summary>Authorization policy names. Endpoints name a policy, never a role or a claim.</summary>
public static class Policies
{
    /// <summary>Any valid API key, publishable or secret: storefront reads and shopper actions.</summary>
    public const string Storefront = "storefront";

    /// <summary>A valid API key and a customer's access token.</summary>
    public const string Customer = "customer";

    /// <summary>The policy name for a secret key holding <paramref name="scope"/>.</summary>
    public static string Admin(string scope) => "admin:" + scope;
}

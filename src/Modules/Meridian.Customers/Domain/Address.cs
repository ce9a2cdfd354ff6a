namespace Meridian.Customers.Domain;

/// <summary>A postal address in a customer's address book. Erasure deletes it.</summary>
internal sealed class Address
{
    public const int MaxPerCustomer = 20;

    public required string Id { get; init; }
    public required string CustomerId { get; init; }
    public string? Label { get; set; }
    public required string FirstName { get; set; }
    public required string LastName { get; set; }
    public string? Company { get; set; }
    public required string Line1 { get; set; }
    public string? Line2 { get; set; }
    public required string City { get; set; }
    public string? Region { get; set; }
    public required string PostalCode { get; set; }

    /// <summary>ISO 3166-1 alpha-2, upper-case.</summary>
    public required string Country { get; set; }

    public string? Phone { get; set; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; set; }
}

using Meridian.Catalog.Data;
using Meridian.Catalog.Domain;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Http;
using Microsoft.EntityFrameworkCore;

namespace Meridian.Catalog.Features.ManageProducts;

internal sealed record PriceInput(long Amount, string Currency);

internal sealed record VariantInput(
    string Sku,
    IReadOnlyList<PriceInput> Prices,
    string? Title = null,
    IReadOnlyDictionary<string, string>? Options = null,
    int WeightGrams = 0);

/// <summary>
/// The body of create and replace: the whole product as the admin wants it. Brands and categories
/// are named by handle, attributes by code; every name is checked against the taxonomy.
/// </summary>
internal sealed record ProductInput(
    string Handle,
    string Title,
    IReadOnlyList<VariantInput> Variants,
    string Status = "draft",
    string? Description = null,
    string? Brand = null,
    string? Category = null,
    IReadOnlyList<string>? Media = null,
    IReadOnlyDictionary<string, string>? Attributes = null,
    string TaxClass = "standard")
{
    private const int MaxVariants = 100;
    private const int MaxMedia = 20;
    private const long MaxAmount = 100_000_000_00;

    /// <summary>Validates the body against the rules and the taxonomy; returns the resolved brand and category ids.</summary>
    public async Task<(string? BrandId, string? CategoryId)> ValidateAsync(
        CatalogDbContext db, string? productId, Validation validation, CancellationToken cancellationToken)
    {
        validation.When(!SharedKernel.Handles.IsValid(Handle), "handle", SharedKernel.Handles.Rule);
        validation.Required(Title, "title");
        validation.Optional(Description, "description", 5000);
        validation.When(Status is not ("draft" or "published"), "status", "One of draft, published.");
        validation.When(TaxClass.Length is 0 or > 40 || !TaxClass.All(c => char.IsAsciiLetterLower(c) || c == '_'),
            "taxClass", "1 to 40 lower-case letters or underscores, such as standard or reduced.");
        ValidateMedia(validation);
        var attributes = await db.Attributes.AsNoTracking().ToDictionaryAsync(a => a.Code, cancellationToken);
        foreach (var (code, value) in Attributes ?? new Dictionary<string, string>())
        {
            validation.When(!attributes.TryGetValue(code, out var definition) || definition.Kind != AttributeKind.Attribute,
                $"attributes.{code}", "Not a known product attribute.");
            validation.When(value.Length is 0 or > 100, $"attributes.{code}", "1 to 100 characters.");
        }
        ValidateVariants(attributes, validation);

        string? brandId = null;
        if (Brand is not null)
        {
            brandId = await db.Brands.Where(b => b.Handle == Brand).Select(b => b.Id).SingleOrDefaultAsync(cancellationToken);
            validation.When(brandId is null, "brand", "No brand with that handle.");
        }
        string? categoryId = null;
        if (Category is not null)
        {
            categoryId = await db.Categories.Where(c => c.Handle == Category).Select(c => c.Id).SingleOrDefaultAsync(cancellationToken);
            validation.When(categoryId is null, "category", "No category with that handle.");
        }
        if (validation.IsValid)
        {
            await ValidateUniquenessAsync(db, productId, validation, cancellationToken);
        }
        return (brandId, categoryId);
    }

    private void ValidateMedia(Validation validation)
    {
        var media = Media ?? [];
        validation.When(media.Count > MaxMedia, "media", $"At most {MaxMedia} URLs.");
        for (var i = 0; i < media.Count; i++)
        {
            var ok = media[i].Length <= 2000
                && Uri.TryCreate(media[i], UriKind.Absolute, out var uri)
                && uri.Scheme is "https" or "http";
            validation.When(!ok, $"media[{i}]", "An absolute http or https URL of at most 2000 characters.");
        }
    }

    private void ValidateVariants(Dictionary<string, AttributeDefinition> attributes, Validation validation)
    {
        validation.When(Variants.Count is 0 or > MaxVariants, "variants", $"Between 1 and {MaxVariants} variants.");
        var skus = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Variants.Count; i++)
        {
            var variant = Variants[i];
            var field = $"variants[{i}]";
            validation.When(!IsValidSku(variant.Sku), $"{field}.sku", "1 to 64 letters, digits, '-', '_' or '.'.");
            validation.When(!skus.Add(variant.Sku), $"{field}.sku", "Appears twice in this product.");
            validation.Optional(variant.Title, $"{field}.title");
            validation.When(variant.WeightGrams is < 0 or > 1_000_000, $"{field}.weightGrams", "Between 0 and 1,000,000.");
            foreach (var (code, value) in variant.Options ?? new Dictionary<string, string>())
            {
                validation.When(!attributes.TryGetValue(code, out var definition) || definition.Kind != AttributeKind.Option,
                    $"{field}.options.{code}", "Not a known option.");
                validation.When(value.Length is 0 or > 100, $"{field}.options.{code}", "1 to 100 characters.");
            }
            validation.When(variant.Prices.Count == 0, $"{field}.prices", "At least one price.");
            var currencies = new HashSet<string>(StringComparer.Ordinal);
            for (var p = 0; p < variant.Prices.Count; p++)
            {
                var price = variant.Prices[p];
                validation.When(!Money.IsSupportedCurrency(price.Currency), $"{field}.prices[{p}].currency", "A supported upper-case ISO 4217 code.");
                validation.When(!currencies.Add(price.Currency), $"{field}.prices[{p}].currency", "One price per currency.");
                validation.When(price.Amount is < 0 or > MaxAmount, $"{field}.prices[{p}].amount", $"Whole minor units between 0 and {MaxAmount}.");
            }
        }
    }

    private async Task ValidateUniquenessAsync(CatalogDbContext db, string? productId, Validation validation, CancellationToken cancellationToken)
    {
        if (await db.Products.AnyAsync(p => p.Handle == Handle && p.Id != productId, cancellationToken))
        {
            validation.Add("handle", "Another product has this handle.");
        }
        var skus = Variants.Select(v => v.Sku).ToList();
        var taken = await db.Variants.Where(v => skus.Contains(v.Sku) && v.ProductId != productId).Select(v => v.Sku).ToListAsync(cancellationToken);
        foreach (var sku in taken)
        {
            validation.Add("variants", $"SKU '{sku}' belongs to another product.");
        }
    }

    private static bool IsValidSku(string sku) =>
        sku.Length is > 0 and <= 64 && sku.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>Writes the input onto <paramref name="product"/>, keeping the ids of variants whose SKU stays.</summary>
    public void ApplyTo(Product product, string? brandId, string? categoryId, DateTimeOffset now)
    {
        product.Handle = Handle;
        product.Title = Title.Trim();
        product.Description = Description?.Trim() ?? "";
        product.BrandId = brandId;
        product.CategoryId = categoryId;
        product.Status = Status == "published" ? ProductStatus.Published : ProductStatus.Draft;
        product.TaxClass = TaxClass;
        product.Media = [.. Media ?? []];
        product.Attributes = (Attributes ?? new Dictionary<string, string>())
            .Select(a => new AttributeValue { Code = a.Key, Value = a.Value }).ToList();
        // Tracked variants and prices are changed in place: replacing them would make EF delete and
        // re-insert rows with the same keys, and would give a kept SKU a new variant id.
        var inputs = Variants.ToDictionary(v => v.Sku, StringComparer.Ordinal);
        product.Variants.RemoveAll(v => !inputs.ContainsKey(v.Sku));
        var existing = product.Variants.ToDictionary(v => v.Sku, StringComparer.Ordinal);
        for (var position = 0; position < Variants.Count; position++)
        {
            var input = Variants[position];
            if (!existing.TryGetValue(input.Sku, out var variant))
            {
                variant = new Variant { Id = Ids.New("var"), ProductId = product.Id, Sku = input.Sku, Title = "" };
                product.Variants.Add(variant);
            }
            var options = input.Options ?? new Dictionary<string, string>();
            variant.Title = input.Title?.Trim() ?? string.Join(" / ", options.Values);
            variant.Position = position;
            variant.WeightGrams = input.WeightGrams;
            variant.Options = options.Select(o => new AttributeValue { Code = o.Key, Value = o.Value }).ToList();
            var amounts = input.Prices.ToDictionary(p => p.Currency, p => p.Amount, StringComparer.Ordinal);
            variant.Prices.RemoveAll(p => p.PriceListId == PriceList.DefaultId && !amounts.ContainsKey(p.Currency));
            foreach (var (currency, amount) in amounts)
            {
                var price = variant.Prices.Find(p => p.PriceListId == PriceList.DefaultId && p.Currency == currency);
                if (price is null)
                {
                    variant.Prices.Add(new Price { VariantId = variant.Id, PriceListId = PriceList.DefaultId, Currency = currency, Amount = amount });
                }
                else
                {
                    price.Amount = amount;
                }
            }
        }
        product.UpdatedAt = now;
        product.Version++;
    }
}

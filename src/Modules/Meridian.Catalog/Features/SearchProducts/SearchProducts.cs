using System.Diagnostics;
using System.Globalization;
using Meridian.Catalog.Search;
using Meridian.SharedKernel;
using Meridian.SharedKernel.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;
using SortKey = Meridian.Catalog.Search.SortKey;

namespace Meridian.Catalog.Features.SearchProducts;

internal sealed record SearchProductsResponse(
    IReadOnlyList<ProductSummary> Items,
    int Total,
    string? NextCursor,
    IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Facets,
    IReadOnlyList<PriceBucket>? PriceBuckets);

/// <summary>
/// <c>GET /v1/catalog/products</c>: full-text search with filters, facets, sorting and cursor
/// pagination, answered from the in-memory read model. Every query parameter is checked: a typo in a
/// filter name is a 400, never a silently ignored filter that shows the shopper the wrong products.
/// </summary>
internal static class SearchProducts
{
    private const int MaxQueryLength = 200;
    private const long MaxPrice = 100_000_000_00;
    private static readonly string[] KnownParameters = ["q", "category", "brand", "price.min", "price.max", "currency", "sort", "facets", "limit", "cursor"];

    public static void MapSearchProducts(this IEndpointRouteBuilder catalog) =>
        catalog.MapGet("/products", Handle)
            .WithName("SearchProducts")
            .WithSummary("Searches published products with filters, facets and cursor pagination.")
            .WithDescription("Filters: q, category (with descendants), brand, price.min, price.max (minor units of currency), attr.{code}. " +
                "Several values of one filter are OR-ed, different filters AND-ed. sort: relevance, price, -price, newest. " +
                "facets: brand, category, price, attr.{code}; each facet's counts apply every active filter except its own.")
            .WithTags("Catalog");

    private static Results<Ok<SearchProductsResponse>, ValidationProblem> Handle(HttpRequest http, CatalogReadModel readModel)
    {
        var index = readModel.Index;
        var validation = new Validation();
        var request = Parse(http.Query, index.Taxonomy, validation);
        if (!validation.IsValid)
        {
            return Problems.Validation(validation);
        }
        var started = Stopwatch.GetTimestamp();
        var result = index.Search(request);
        // Server-Timing lets a storefront developer (and the benchmark) see the engine's share of a slow page.
        http.HttpContext.Response.Headers["Server-Timing"] =
            FormattableString.Invariant($"search;dur={Stopwatch.GetElapsedTime(started).TotalMilliseconds:F2}");
        return TypedResults.Ok(new SearchProductsResponse(
            result.Items.Select(d => ProductDocuments.Summarize(d, request.Currency)).ToList(),
            result.Total,
            result.NextCursor,
            result.Facets,
            result.PriceFacet));
    }

    internal static SearchRequest Parse(IQueryCollection query, Taxonomy taxonomy, Validation validation)
    {
        var attributes = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (name, values) in query)
        {
            if (name.StartsWith("attr.", StringComparison.Ordinal))
            {
                var code = name["attr.".Length..];
                if (taxonomy.IsFilterable(code))
                {
                    attributes[code] = List(values);
                }
                else
                {
                    validation.Add(name, $"Unknown attribute filter. Filterable: {string.Join(", ", FilterableCodes(taxonomy))}.");
                }
            }
            else if (!KnownParameters.Contains(name))
            {
                validation.Add(name, $"Unknown parameter. Known: {string.Join(", ", KnownParameters)}, attr.{{code}}.");
            }
        }

        var text = query["q"].ToString();
        validation.When(text.Length > MaxQueryLength, "q", $"At most {MaxQueryLength} characters.");
        var currency = query.TryGetValue("currency", out var c) ? c.ToString() : "EUR";
        validation.When(!Money.IsSupportedCurrency(currency), "currency", "An upper-case ISO 4217 code Meridian prices in, such as EUR, USD or GBP.");
        var priceMin = Amount(query, "price.min", validation);
        var priceMax = Amount(query, "price.max", validation);
        validation.When(priceMin > priceMax, "price.min", "May not exceed price.max.");

        var sort = query["sort"].ToString() switch
        {
            "" or "relevance" => SearchSort.Relevance,
            "price" => SearchSort.PriceAscending,
            "-price" => SearchSort.PriceDescending,
            "newest" => SearchSort.Newest,
            _ => Invalid(validation, "sort", "One of relevance, price, -price, newest.", SearchSort.Relevance),
        };

        var facets = new HashSet<string>(List(query["facets"]), StringComparer.Ordinal);
        foreach (var facet in facets)
        {
            var known = facet is "brand" or "category" or "price"
                || (facet.StartsWith("attr.", StringComparison.Ordinal) && taxonomy.IsFilterable(facet["attr.".Length..]));
            validation.When(!known, "facets", $"Unknown facet '{facet}'. Known: brand, category, price, attr.{{code}} for {string.Join(", ", FilterableCodes(taxonomy))}.");
        }

        int? limit = null;
        if (query.TryGetValue("limit", out var rawLimit))
        {
            limit = int.TryParse(rawLimit, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
        }
        var pageSize = Paging.Limit(limit, validation);

        SortKey? after = null;
        if (query.TryGetValue("cursor", out var rawCursor))
        {
            if (SortKey.TryDecode(rawCursor.ToString(), out var key))
            {
                after = key;
            }
            else
            {
                validation.Add("cursor", "Not a cursor this API returned.");
            }
        }

        return new SearchRequest
        {
            Text = text,
            Categories = List(query["category"]),
            Brands = List(query["brand"]),
            PriceMin = priceMin,
            PriceMax = priceMax,
            Currency = currency,
            Attributes = attributes,
            Sort = sort,
            Facets = facets,
            Limit = pageSize,
            After = after,
        };
    }

    private static long? Amount(IQueryCollection query, string name, Validation validation)
    {
        if (!query.TryGetValue(name, out var raw))
        {
            return null;
        }
        if (long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) && amount <= MaxPrice)
        {
            return amount;
        }
        validation.Add(name, $"A whole number of minor units between 0 and {MaxPrice}.");
        return null;
    }

    private static IReadOnlyList<string> List(StringValues values) =>
        values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static IEnumerable<string> FilterableCodes(Taxonomy taxonomy) =>
        taxonomy.Attributes.Values.Where(a => a.Filterable).Select(a => a.Code).Order(StringComparer.Ordinal);

    private static T Invalid<T>(Validation validation, string field, string message, T fallback)
    {
        validation.Add(field, message);
        return fallback;
    }
}

using Meridian.Catalog.Domain;
using Meridian.SharedKernel;

namespace Meridian.Catalog.Data;

/// <summary>
/// Generates the demo store: the same seed gives the same catalog on every machine, so the README's
/// examples, the facet tests and the benchmark all see the same data.
/// </summary>
internal sealed class DemoCatalog
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly (string Handle, string Name, string? Parent, string[] Nouns, string Sizes, long BasePrice)[] CategoryTree =
    [
        ("clothing", "Clothing", null, [], "", 0),
        ("tops", "Tops", "clothing", [], "", 0),
        ("t-shirts", "T-shirts", "tops", ["T-shirt", "Tee", "Henley"], "apparel", 2500),
        ("shirts", "Shirts", "tops", ["Shirt", "Oxford shirt", "Overshirt"], "apparel", 5500),
        ("sweaters", "Sweaters", "tops", ["Sweater", "Cardigan", "Hoodie"], "apparel", 7000),
        ("bottoms", "Bottoms", "clothing", [], "", 0),
        ("jeans", "Jeans", "bottoms", ["Jeans", "Denim"], "apparel", 8000),
        ("trousers", "Trousers", "bottoms", ["Trousers", "Chinos", "Joggers"], "apparel", 6500),
        ("shorts", "Shorts", "bottoms", ["Shorts", "Swim shorts"], "apparel", 3500),
        ("outerwear", "Outerwear", "clothing", [], "", 0),
        ("jackets", "Jackets", "outerwear", ["Jacket", "Bomber", "Windbreaker"], "apparel", 12000),
        ("coats", "Coats", "outerwear", ["Coat", "Parka", "Trench coat"], "apparel", 18000),
        ("shoes", "Shoes", null, [], "", 0),
        ("sneakers", "Sneakers", "shoes", ["Sneaker", "Trainer", "Runner"], "shoes", 9000),
        ("boots", "Boots", "shoes", ["Boot", "Chelsea boot", "Hiking boot"], "shoes", 14000),
        ("sandals", "Sandals", "shoes", ["Sandal", "Slide"], "shoes", 4500),
        ("home", "Home", null, [], "", 0),
        ("kitchen", "Kitchen", "home", ["Pan", "Knife", "Kettle", "Mug", "Bowl"], "", 3000),
        ("living", "Living", "home", ["Cushion", "Lamp", "Throw", "Vase"], "", 4000),
        ("bedding", "Bedding", "home", ["Duvet cover", "Pillowcase", "Sheet set"], "bedding", 6000),
        ("sports", "Sports", null, [], "", 0),
        ("running", "Running", "sports", ["Running tights", "Running vest", "Race belt"], "apparel", 4000),
        ("cycling", "Cycling", "sports", ["Cycling jersey", "Bib shorts", "Gloves"], "apparel", 6000),
        ("yoga", "Yoga", "sports", ["Yoga mat", "Yoga block", "Strap"], "", 3000),
        ("accessories", "Accessories", null, [], "", 0),
        ("bags", "Bags", "accessories", ["Backpack", "Tote", "Duffel", "Crossbody bag"], "", 7000),
        ("hats", "Hats", "accessories", ["Beanie", "Cap", "Bucket hat"], "", 2500),
        ("scarves", "Scarves", "accessories", ["Scarf", "Snood"], "", 3000),
        ("electronics", "Electronics", null, [], "", 0),
        ("audio", "Audio", "electronics", ["Headphones", "Earbuds", "Speaker"], "", 12000),
        ("wearables", "Wearables", "electronics", ["Smartwatch", "Fitness band"], "", 20000),
    ];

    private static readonly string[] BrandStems = ["Nord", "Alto", "Verde", "Kiru", "Lumen", "Oak", "Sable", "Tide", "Ember", "Fjell", "Mira", "Solen"];
    private static readonly string[] BrandEndings = ["wind", "craft", "works", "line", "field"];
    private static readonly string[] Adjectives = ["Classic", "Essential", "Relaxed", "Slim", "Heavyweight", "Lightweight", "Organic", "Vintage", "Urban", "Alpine", "Coastal", "Everyday", "Premium", "Recycled", "Technical", "Merino"];
    private static readonly string[] Models = ["Aria", "Boreal", "Cedar", "Delta", "Echo", "Fable", "Grove", "Harbor", "Isla", "Juno", "Kestrel", "Linden", "Meadow", "Nimbus", "Orion", "Pike", "Quill", "Ridge", "Sierra", "Tundra"];
    private static readonly string[] Colors = ["black", "white", "navy", "grey", "red", "green", "blue", "beige", "brown", "olive", "pink", "yellow"];
    private static readonly string[] Materials = ["cotton", "linen", "wool", "denim", "leather", "polyester", "nylon", "bamboo", "steel", "ceramic", "recycled plastic", "aluminium"];
    private static readonly string[] Fits = ["regular", "slim", "relaxed", "oversized"];
    private static readonly Dictionary<string, string[]> SizeSets = new()
    {
        ["apparel"] = ["xs", "s", "m", "l", "xl", "xxl"],
        ["shoes"] = ["38", "39", "40", "41", "42", "43", "44", "45", "46"],
        ["bedding"] = ["single", "double", "king"],
    };
    private static readonly string[] Sentences =
    [
        "Made to last and easy to care for.",
        "Cut for comfort from first wear.",
        "A staple you will reach for every week.",
        "Designed in Europe and produced in small batches.",
        "Finished by hand with attention to detail.",
        "Ready for the city, the trail and everything between.",
        "Backed by a two-year guarantee.",
    ];

    public List<Category> Categories { get; } = [];
    public List<Brand> Brands { get; } = [];
    public List<AttributeDefinition> Attributes { get; } =
    [
        new() { Code = "color", Name = "Colour", Kind = AttributeKind.Option, Filterable = true },
        new() { Code = "size", Name = "Size", Kind = AttributeKind.Option, Filterable = true },
        new() { Code = "material", Name = "Material", Kind = AttributeKind.Attribute, Filterable = true },
        new() { Code = "fit", Name = "Fit", Kind = AttributeKind.Attribute, Filterable = true },
        new() { Code = "care", Name = "Care", Kind = AttributeKind.Attribute, Filterable = false },
    ];

    private readonly Random _random = new(1000);
    private readonly List<(Category Category, string[] Nouns, string Sizes, long BasePrice)> _leaves = [];

    public DemoCatalog()
    {
        var byHandle = new Dictionary<string, Category>();
        var position = 0;
        foreach (var (handle, name, parent, nouns, sizes, basePrice) in CategoryTree)
        {
            var category = new Category
            {
                Id = Ids.Deterministic("cat", Epoch, _random),
                Handle = handle,
                Name = name,
                ParentId = parent is null ? null : byHandle[parent].Id,
                Position = position++,
            };
            byHandle[handle] = category;
            Categories.Add(category);
            if (nouns.Length > 0)
            {
                _leaves.Add((category, nouns, sizes, basePrice));
            }
        }
        foreach (var stem in BrandStems)
        {
            foreach (var ending in BrandEndings.Take(3 + (stem.Length % 3)))
            {
                var name = stem + ending;
                Brands.Add(new Brand { Id = Ids.Deterministic("brand", Epoch, _random), Handle = name.ToLowerInvariant(), Name = name });
            }
        }
    }

    /// <summary>The products numbered <paramref name="from"/> up to <paramref name="to"/> (exclusive), in order.</summary>
    public IEnumerable<Product> Products(int from, int to)
    {
        for (var index = from; index < to; index++)
        {
            yield return Product(index);
        }
    }

    private Product Product(int index)
    {
        // Each product draws from its own generator, so product n is the same whatever the batch size.
        var random = new Random(7919 * (index + 1));
        var (category, nouns, sizeSet, basePrice) = _leaves[random.Next(_leaves.Count)];
        var brand = Brands[random.Next(Brands.Count)];
        var adjective = Pick(random, Adjectives);
        var material = Pick(random, Materials);
        var noun = Pick(random, nouns);
        var model = Pick(random, Models);
        var title = $"{adjective} {Capitalize(material)} {noun} {model}";
        var createdAt = Epoch.AddMinutes(index * 7);
        var id = Ids.Deterministic("prod", createdAt, random);
        var product = new Product
        {
            Id = id,
            Handle = Slug($"{title}-{index}"),
            Title = title,
            Description = $"The {title} by {brand.Name}, in {material}. {Pick(random, Sentences)} {Pick(random, Sentences)}",
            BrandId = brand.Id,
            CategoryId = category.Id,
            Status = random.Next(100) < 97 ? ProductStatus.Published : ProductStatus.Draft,
            Media = [$"https://cdn.meridian.example/products/{index}/1.jpg", $"https://cdn.meridian.example/products/{index}/2.jpg"],
            Attributes =
            [
                new() { Code = "material", Value = material },
                new() { Code = "care", Value = "machine wash 30" },
            ],
            CreatedAt = createdAt,
            UpdatedAt = createdAt,
            Version = 1,
        };
        if (sizeSet == "apparel")
        {
            product.Attributes.Add(new AttributeValue { Code = "fit", Value = Pick(random, Fits) });
        }
        var price = basePrice + (random.Next(-10, 30) * 100) - 1;
        var colors = Colors.OrderBy(_ => random.Next()).Take(1 + random.Next(3)).ToArray();
        var sizes = sizeSet.Length == 0 ? [] : SizeSets[sizeSet].Skip(random.Next(2)).Take(1 + random.Next(3)).ToArray();
        var position = 0;
        foreach (var color in colors)
        {
            foreach (var size in sizes.Length == 0 ? [(string?)null] : sizes.Cast<string?>())
            {
                var variantId = Ids.Deterministic("var", createdAt, random);
                var variantPrice = price + (size is "xl" or "xxl" or "45" or "46" or "king" ? 500 : 0);
                var variant = new Variant
                {
                    Id = variantId,
                    ProductId = id,
                    Sku = $"{category.Handle[..Math.Min(3, category.Handle.Length)].ToUpperInvariant()}-{index:D6}-{color.ToUpperInvariant()}{(size is null ? "" : "-" + size.ToUpperInvariant())}",
                    Title = size is null ? Capitalize(color) : $"{Capitalize(color)} / {size.ToUpperInvariant()}",
                    Position = position++,
                    WeightGrams = 200 + random.Next(1800),
                    Options = size is null ? [new() { Code = "color", Value = color }] : [new() { Code = "color", Value = color }, new() { Code = "size", Value = size }],
                    Prices =
                    [
                        new() { VariantId = variantId, PriceListId = PriceList.DefaultId, Currency = "EUR", Amount = variantPrice },
                        new() { VariantId = variantId, PriceListId = PriceList.DefaultId, Currency = "USD", Amount = EndIn99(variantPrice * 109 / 100) },
                        new() { VariantId = variantId, PriceListId = PriceList.DefaultId, Currency = "GBP", Amount = EndIn99(variantPrice * 85 / 100) },
                    ],
                };
                product.Variants.Add(variant);
            }
        }
        return product;
    }

    private static long EndIn99(long minor) => (minor / 100 * 100) + 99;

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static string Capitalize(string word) => char.ToUpperInvariant(word[0]) + word[1..];

    internal static string Slug(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }
        return builder.ToString().Trim('-');
    }
}

using Meridian.Carts.Domain;

namespace Meridian.Carts.Tests.Domain;

public sealed class CartRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly CartLimits Limits = new(MaxQuantityPerLine: 99, MaxLines: 3, MaxPromotionCodes: 2);
    private static int _lines;

    private static Cart NewCart(string id = "cart_a", string? customerId = null) =>
        Cart.Open(id, "chan_web", customerId, "EUR", null, Now, TimeSpan.FromDays(7));

    private static (CartLine? Line, CartError? Error) Add(Cart cart, string variantId, int quantity) =>
        cart.AddItem(variantId, "SKU-" + variantId, "Shirt", "M", null, quantity, Limits, () => $"line_{Interlocked.Increment(ref _lines)}");

    [Fact]
    public void adding_the_same_variant_twice_adds_to_one_line()
    {
        var cart = NewCart();
        Add(cart, "var_1", 2);
        Add(cart, "var_1", 3);

        Assert.Equal(5, Assert.Single(cart.Lines).Quantity);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(100)]
    public void a_quantity_outside_one_to_the_limit_is_refused_and_changes_nothing(int quantity)
    {
        var cart = NewCart();

        var (line, error) = Add(cart, "var_1", quantity);

        Assert.Null(line);
        Assert.Equal("quantity", error?.Field);
        Assert.Empty(cart.Lines);
    }

    [Fact]
    public void adding_beyond_the_per_line_limit_is_refused_and_keeps_the_line_as_it_was()
    {
        var cart = NewCart();
        Add(cart, "var_1", 90);

        var (_, error) = Add(cart, "var_1", 10);

        Assert.Equal("quantity", error?.Field);
        Assert.Equal(90, cart.Lines[0].Quantity);
        Assert.Null(Add(cart, "var_1", 9).Error);
        Assert.Equal(99, cart.Lines[0].Quantity);
    }

    [Fact]
    public void a_new_line_beyond_the_line_limit_is_refused_but_more_of_an_existing_line_is_not()
    {
        var cart = NewCart();
        Add(cart, "var_1", 1);
        Add(cart, "var_2", 1);
        Add(cart, "var_3", 1);

        Assert.Equal("variantId", Add(cart, "var_4", 1).Error?.Field);
        Assert.Null(Add(cart, "var_3", 1).Error);
        Assert.Equal(3, cart.Lines.Count);
    }

    [Fact]
    public void setting_a_quantity_of_zero_removes_the_line_and_over_the_limit_is_refused()
    {
        var cart = NewCart();
        var line = Add(cart, "var_1", 1).Line!;

        Assert.Equal("quantity", cart.SetQuantity(line, 100, Limits)?.Field);
        Assert.Equal(1, line.Quantity);
        Assert.Null(cart.SetQuantity(line, 0, Limits));
        Assert.Empty(cart.Lines);
    }

    [Fact]
    public void codes_compare_case_insensitively_and_are_capped()
    {
        var cart = NewCart();

        Assert.Null(cart.AddPromotionCode("WELCOME10", Limits));
        Assert.Null(cart.AddPromotionCode("welcome10", Limits));
        Assert.Null(cart.AddPromotionCode("FREESHIP", Limits));
        Assert.Equal("code", cart.AddPromotionCode("SHIRTS5", Limits)?.Field);
        Assert.Equal(["WELCOME10", "FREESHIP"], cart.PromotionCodes);
        Assert.True(cart.RemovePromotionCode("freeship"));
        Assert.False(cart.RemovePromotionCode("freeship"));
    }

    [Fact]
    public void merging_adds_quantities_up_to_the_limit_unites_codes_and_marks_the_source_merged()
    {
        var mine = NewCart("cart_mine", customerId: "cus_1");
        Add(mine, "var_1", 2);
        Add(mine, "var_2", 95);
        mine.AddPromotionCode("SHIRTS5", Limits);
        var anonymous = NewCart("cart_anon");
        Add(anonymous, "var_1", 3);
        Add(anonymous, "var_2", 10);
        Add(anonymous, "var_3", 1);
        anonymous.AddPromotionCode("shirts5", Limits);
        anonymous.AddPromotionCode("FREESHIP", Limits);
        anonymous.ShippingAddress = new ShippingAddress("DE", "10115", "Berlin", ["Street 1"], null);
        anonymous.ShippingMethod = "standard";
        anonymous.Email = "guest@example.com";

        mine.MergeFrom(anonymous, Limits);

        Assert.Equal([5, 99, 1], mine.Lines.Select(l => l.Quantity));
        Assert.Equal(["SHIRTS5", "FREESHIP"], mine.PromotionCodes);
        Assert.Equal("DE", mine.ShippingAddress?.Country);
        Assert.Equal("standard", mine.ShippingMethod);
        Assert.Equal("guest@example.com", mine.Email);
        Assert.Equal(CartStatus.Merged, anonymous.Status);
        Assert.Equal("cart_mine", anonymous.MergedIntoId);
    }

    [Fact]
    public void merging_keeps_the_customers_own_address_and_drops_lines_beyond_the_line_limit()
    {
        var mine = NewCart("cart_mine", customerId: "cus_1");
        Add(mine, "var_1", 1);
        Add(mine, "var_2", 1);
        mine.ShippingAddress = new ShippingAddress("FR", null, null, [], null);
        var anonymous = NewCart("cart_anon");
        Add(anonymous, "var_3", 1);
        Add(anonymous, "var_4", 1);
        anonymous.ShippingAddress = new ShippingAddress("DE", null, null, [], null);

        mine.MergeFrom(anonymous, Limits);

        Assert.Equal(["var_1", "var_2", "var_3"], mine.Lines.Select(l => l.VariantId));
        Assert.Equal("FR", mine.ShippingAddress?.Country);
    }

    [Fact]
    public void a_cart_expires_after_its_idle_time_and_a_change_pushes_the_expiry_and_the_version()
    {
        var cart = NewCart();
        var idle = TimeSpan.FromDays(7);

        Assert.False(cart.IsExpiredAt(Now + idle - TimeSpan.FromSeconds(1)));
        Assert.True(cart.IsExpiredAt(Now + idle));

        cart.Touch(Now + TimeSpan.FromDays(5), idle);

        Assert.Equal(2, cart.Version);
        Assert.False(cart.IsExpiredAt(Now + idle));
        Assert.Equal(Now + TimeSpan.FromDays(12), cart.ExpiresAt);
    }
}

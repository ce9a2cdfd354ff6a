using FsCheck;
using FsCheck.Fluent;

using Meridian.Payments.Contracts;

namespace Meridian.Payments.Tests;

public sealed class PaymentTokensTests
{
    private static string WithLuhnDigit(int[] body)
    {
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            // From the right, the check digit's neighbour is doubled first.
            var digit = body[body.Length - 1 - i];
            if (i % 2 == 0)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return string.Concat(body) + ((10 - (sum % 10)) % 10);
    }

    [Fact]
    public void any_luhn_valid_16_digit_number_grouped_with_spaces_looks_like_a_card_number()
    {
        var cards = Gen.Choose(0, 9).ArrayOf(15).Select(WithLuhnDigit)
            .Select(number => string.Join(' ', Enumerable.Range(0, 4).Select(i => number.Substring(i * 4, 4))));

        Prop.ForAll(cards.ToArbitrary(), card => PaymentTokens.LooksLikeCardNumber(card) && !PaymentTokens.IsWellFormedToken(card))
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void any_13_to_19_digit_run_looks_like_a_card_number_whether_or_not_it_passes_luhn()
    {
        var numbers = Gen.Choose(13, 19).SelectMany(length => Gen.Choose(0, 9).ArrayOf(length)).Select(string.Concat);
        var separators = Gen.Elements("", " ", "-");

        Prop.ForAll(numbers.ToArbitrary(), separators.ToArbitrary(), (number, separator) =>
                PaymentTokens.LooksLikeCardNumber(string.Join(separator, number.Chunk(4).Select(c => new string(c)))))
            .QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("4242424242424242")]
    [InlineData("4242-4242-4242-4242")]
    [InlineData("tok_4242424242424242")]
    [InlineData("4000 0566 5566 5556")]
    [InlineData("1234567890123")]
    public void card_numbers_in_any_dress_are_detected(string value) => Assert.True(PaymentTokens.LooksLikeCardNumber(value));

    [Theory]
    [InlineData(TestTokens.Visa)]
    [InlineData(TestTokens.ThreeDSecureFail)]
    [InlineData("pm_1NqXyZ2eZvKYlo2C0a1b2c3d")]
    [InlineData("tok_123456789012")]
    [InlineData("2026-11-25")]
    public void provider_tokens_and_short_numbers_are_not_card_numbers(string value) => Assert.False(PaymentTokens.LooksLikeCardNumber(value));
}

namespace Meridian.Customers.Domain;

internal static class Phones
{
    public const int MaxLength = 32;
    public const string Rule = "Digits with an optional leading +, spaces, hyphens or parentheses; 5 to 32 characters.";

    public static bool LooksValid(string phone) =>
        phone.Length is >= 5 and <= MaxLength
        && (char.IsAsciiDigit(phone[0]) || phone[0] == '+')
        && phone.Skip(1).All(c => char.IsAsciiDigit(c) || c is ' ' or '-' or '(' or ')')
        && phone.Count(char.IsAsciiDigit) >= 5;
}

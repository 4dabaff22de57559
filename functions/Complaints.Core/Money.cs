using System.Collections.Frozen;

namespace Complaints.Core;

/// <summary>
/// A positive amount in an ISO 4217 currency, with no more decimals than the currency has minor digits.
/// </summary>
public sealed record Money
{
    private static readonly FrozenDictionary<string, int> MinorDigitsByCurrency = new Dictionary<string, int>
    {
        ["CNY"] = 2, ["HKD"] = 2, ["MOP"] = 2, ["TWD"] = 2, ["USD"] = 2, ["EUR"] = 2, ["GBP"] = 2,
        ["CHF"] = 2, ["CAD"] = 2, ["AUD"] = 2, ["NZD"] = 2, ["SGD"] = 2, ["MYR"] = 2, ["THB"] = 2,
        ["INR"] = 2, ["SEK"] = 2, ["NOK"] = 2, ["DKK"] = 2, ["PLN"] = 2, ["MXN"] = 2, ["BRL"] = 2,
        ["ZAR"] = 2, ["AED"] = 2, ["SAR"] = 2, ["PHP"] = 2, ["IDR"] = 2,
        ["JPY"] = 0, ["KRW"] = 0, ["VND"] = 0, ["CLP"] = 0, ["ISK"] = 0,
        ["KWD"] = 3, ["BHD"] = 3, ["OMR"] = 3, ["JOD"] = 3, ["TND"] = 3,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The largest amount accepted, far above any consumer claim; keeps arithmetic and storage safe.</summary>
    public const decimal MaxAmount = 1_000_000_000m;

    private Money(decimal amount, string currency)
    {
        Amount = amount;
        Currency = currency;
    }

    public decimal Amount { get; }

    /// <summary>Upper-case ISO 4217 code.</summary>
    public string Currency { get; }

    /// <summary>The currencies this system accepts.</summary>
    public static IEnumerable<string> SupportedCurrencies => MinorDigitsByCurrency.Keys;

    /// <summary>Creates a valid amount or explains why it is not one.</summary>
    public static bool TryCreate(decimal amount, string? currency, out Money? money, out string? error)
    {
        money = null;
        if (string.IsNullOrWhiteSpace(currency) || !MinorDigitsByCurrency.TryGetValue(currency, out var digits))
        {
            error = "currency must be a supported ISO 4217 code such as CNY";
            return false;
        }

        if (amount <= 0m)
        {
            error = "amount must be positive";
            return false;
        }

        if (amount > MaxAmount)
        {
            error = $"amount must not exceed {MaxAmount}";
            return false;
        }

        if (decimal.Round(amount, digits) != amount)
        {
            error = $"amount has more than {digits} decimal places for {currency}";
            return false;
        }

        money = new Money(amount, currency);
        error = null;
        return true;
    }

    /// <summary>Creates a valid amount; throws <see cref="ArgumentException"/> otherwise.</summary>
    public static Money Of(decimal amount, string currency) =>
        TryCreate(amount, currency, out var money, out var error) ? money! : throw new ArgumentException(error, nameof(amount));

    /// <summary>The smaller of two amounts in the same currency.</summary>
    public Money Min(Money other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Currency != Currency)
        {
            throw new ArgumentException($"cannot compare {Currency} with {other.Currency}", nameof(other));
        }

        return other.Amount < Amount ? other : this;
    }

    /// <summary>The sum of two amounts in the same currency.</summary>
    public Money Plus(Money other)
    {
        SameCurrency(other);
        return Of(Amount + other.Amount, Currency);
    }

    /// <summary>What is left of this amount after <paramref name="other"/>: <c>null</c> when nothing is left.</summary>
    /// <exception cref="ArgumentException"><paramref name="other"/> is larger, or in another currency.</exception>
    public Money? Less(Money? other)
    {
        if (other is null)
        {
            return this;
        }

        SameCurrency(other);
        var left = Amount - other.Amount;
        return left switch
        {
            0m => null,
            < 0m => throw new ArgumentException($"{other} is more than {this}", nameof(other)),
            _ => new Money(left, Currency),
        };
    }

    /// <summary>Whether this amount is larger than <paramref name="other"/> (same currency).</summary>
    public bool IsMoreThan(Money other)
    {
        SameCurrency(other);
        return Amount > other.Amount;
    }

    private void SameCurrency(Money other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Currency != Currency)
        {
            throw new ArgumentException($"cannot combine {Currency} with {other.Currency}", nameof(other));
        }
    }

    public override string ToString() => $"{Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)} {Currency}";
}

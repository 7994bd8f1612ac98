namespace ProcurementGroup.Core.Tenders;

/// <summary>
/// A CPV code (Common Procurement Vocabulary, Regulation (EC) 2195/2002): eight digits, optionally followed by "-" and
/// one check digit (<c>64200000-8</c>). Only the format is checked; the check digit is not recomputed.
/// </summary>
public static class CpvCode
{
    public const string Message = "Le code CPV compte 8 chiffres, éventuellement suivis d'un tiret et d'un chiffre de contrôle (par exemple 64200000-8).";

    /// <summary>The code trimmed, or null when its format is wrong.</summary>
    public static string? Normalize(string? input)
    {
        var s = input?.Trim();
        if (s is null || (s.Length != 8 && s.Length != 10))
        {
            return null;
        }

        var digitsOk = s[..8].All(char.IsAsciiDigit);
        var checkOk = s.Length == 8 || (s[8] == '-' && char.IsAsciiDigit(s[9]));
        return digitsOk && checkOk ? s : null;
    }

    public static bool IsValid(string? input) => Normalize(input) is not null;
}

/// <summary>
/// A tender's reference, <c>YYYY-CODE-NN</c> (<c>2026-TEL-01</c>): the year, a code of 2 to 8 capital letters or digits
/// naming the purchase, and a two-digit sequence number from 01 (a relaunch after an infructueuse procedure takes the next).
/// </summary>
public static class TenderReference
{
    public const string Message =
        "La référence s'écrit AAAA-CODE-NN : l'année sur 4 chiffres, un code de 2 à 8 lettres majuscules ou chiffres, puis un numéro de 01 à 99 (par exemple 2026-TEL-01).";

    /// <summary>The reference trimmed and upper-cased, or null when its format is wrong.</summary>
    public static string? Normalize(string? input)
    {
        var parts = input?.Trim().ToUpperInvariant().Split('-');
        if (parts is not { Length: 3 })
        {
            return null;
        }

        var (year, code, number) = (parts[0], parts[1], parts[2]);
        var ok = year.Length == 4 && year.All(char.IsAsciiDigit) && year[0] == '2'
            && code.Length is >= 2 and <= 8 && code.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c))
            && number.Length == 2 && number.All(char.IsAsciiDigit) && number != "00";
        return ok ? string.Join('-', parts) : null;
    }

    public static bool IsValid(string? input) => Normalize(input) is not null;
}

/// <summary>
/// A contract's reference, published as the DECP <c>id</c>: at most 16 characters (DECP 2.0.3 schema), letters, digits,
/// "-", "_", "/" or ".", no space.
/// </summary>
public static class ContractReference
{
    public const int MaxLength = 16;

    public const string Message =
        "La référence du marché (identifiant publié dans les données essentielles) compte de 1 à 16 caractères : lettres, chiffres, « - », « _ », « / » ou « . », sans espace.";

    public static string? Normalize(string? input)
    {
        var s = input?.Trim();
        return s is { Length: > 0 and <= MaxLength } && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '/' or '.') ? s : null;
    }

    public static bool IsValid(string? input) => Normalize(input) is not null;
}

using System.Globalization;
using ProcurementGroup.Core.Identifiers;

namespace ProcurementGroup.Web.Tests.Suppliers;

/// <summary>Valid, random SIRETs, so that a test can run twice on a shared SQL Server database (the SIRET is unique).</summary>
public static class TestSirets
{
    public static string Random()
    {
        while (true)
        {
            var siren = WithCheckDigit(System.Security.Cryptography.RandomNumberGenerator.GetInt32(10_000_000, 100_000_000).ToString(CultureInfo.InvariantCulture));
            var siret = WithCheckDigit(siren + System.Security.Cryptography.RandomNumberGenerator.GetInt32(0, 10_000).ToString("D4", CultureInfo.InvariantCulture));
            if (Siret.IsValid(siret))
            {
                return siret;
            }
        }
    }

    /// <summary>The digits followed by the one digit that makes the whole Luhn-valid.</summary>
    public static string WithCheckDigit(string digits)
    {
        for (var d = '0'; d <= '9'; d++)
        {
            if (Luhn.IsValid(digits + d))
            {
                return digits + d;
            }
        }

        throw new InvalidOperationException("unreachable: one of ten digits completes a Luhn number");
    }

    /// <summary>As people type it: 3 3 3 5 groups.</summary>
    public static string Spaced(string siret) => $"{siret[..3]} {siret[3..6]} {siret[6..9]} {siret[9..]}";
}

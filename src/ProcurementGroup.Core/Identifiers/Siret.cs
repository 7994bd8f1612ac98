namespace ProcurementGroup.Core.Identifiers;

/// <summary>A SIRET: 14 digits, the SIREN of the entity followed by a 5-digit establishment number (NIC).</summary>
public static class Siret
{
    public const int Length = 14;

    // La Poste's establishments share the SIREN 356000000; their NICs do not follow Luhn, so INSEE checks the digit sum
    // modulo 5 instead, except for the head office, whose SIRET passes Luhn.
    private const string LaPosteSiren = "356000000";
    private const string LaPosteHeadOffice = "35600000000048";

    public static bool IsValid(string? input)
    {
        var compact = Siren.Compact(input);
        if (compact.Length != Length || !compact.All(char.IsAsciiDigit))
        {
            return false;
        }

        if (compact.StartsWith(LaPosteSiren, StringComparison.Ordinal) && compact != LaPosteHeadOffice)
        {
            return compact.Sum(c => c - '0') % 5 == 0;
        }

        return Luhn.IsValid(compact) && Siren.IsValid(compact[..Siren.Length]);
    }
}

using System.Globalization;
using BenchmarkDotNet.Attributes;
using ProcurementGroup.Core.Identifiers;

namespace ProcurementGroup.Benchmarks;

/// <summary>SIREN and SIRET checks over a few thousand numbers, as an import of a large member file does.</summary>
[MemoryDiagnoser]
public class IdentifierBenchmarks
{
    private const int Count = 4000;

    private string[] _sirens = [];
    private string[] _sirets = [];

    [GlobalSetup]
    public void Setup()
    {
        // Fixed seed: every run measures the same numbers. Half are valid, half have a wrong check digit,
        // and some are typed with spaces as people do ("200 070 795").
        var random = new Random(2026);
        _sirens = new string[Count];
        _sirets = new string[Count];
        for (var i = 0; i < Count; i++)
        {
            var siren = WithCheckDigit(Digits(random, 8));
            var siret = WithCheckDigit(siren + Digits(random, 4));
            if (i % 2 == 1)
            {
                siren = Corrupt(siren);
                siret = Corrupt(siret);
            }

            _sirens[i] = i % 5 == 0 ? $"{siren[..3]} {siren[3..6]} {siren[6..]}" : siren;
            _sirets[i] = siret;
        }
    }

    [Benchmark]
    public int SirenIsValid()
    {
        var valid = 0;
        foreach (var siren in _sirens)
        {
            if (Siren.IsValid(siren))
            {
                valid++;
            }
        }

        return valid;
    }

    [Benchmark]
    public int SiretIsValid()
    {
        var valid = 0;
        foreach (var siret in _sirets)
        {
            if (Siret.IsValid(siret))
            {
                valid++;
            }
        }

        return valid;
    }

    private static string Digits(Random random, int length) =>
        string.Concat(Enumerable.Range(0, length).Select(_ => random.Next(10).ToString(CultureInfo.InvariantCulture)));

    /// <summary>Appends the digit that makes the Luhn sum a multiple of 10.</summary>
    internal static string WithCheckDigit(string digits)
    {
        for (var d = 0; d <= 9; d++)
        {
            var candidate = digits + d.ToString(CultureInfo.InvariantCulture);
            if (Luhn.IsValid(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Unreachable: one of ten check digits always fits.");
    }

    private static string Corrupt(string digits)
    {
        var last = digits[^1] - '0';
        return digits[..^1] + ((last + 1) % 10).ToString(CultureInfo.InvariantCulture);
    }
}

using System.Text.Json;
using ProcurementGroup.Core.Identifiers;

namespace ProcurementGroup.Core.Tests;

public sealed class IdentifierVectorTests
{
    public static TheoryData<int, string, string, bool> Vectors()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "siren_siret_vectors.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var data = new TheoryData<int, string, string, bool>();
        var index = 0;
        foreach (var v in doc.RootElement.GetProperty("vectors").EnumerateArray())
        {
            // The index keeps the few repeated numbers (from different sources) as distinct cases.
            data.Add(index++, v.GetProperty("kind").GetString()!, v.GetProperty("input").GetString()!, v.GetProperty("expected_valid").GetBoolean());
        }

        return data;
    }

    [Fact]
    public void Vectors_FileHoldsAll875()
    {
        Assert.Equal(875, Vectors().Count);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void IsValid_MatchesPublishedVector(int index, string kind, string input, bool expected)
    {
        _ = index;
        var actual = kind == "SIREN" ? Siren.IsValid(input) : Siret.IsValid(input);
        Assert.Equal(expected, actual);
    }
}

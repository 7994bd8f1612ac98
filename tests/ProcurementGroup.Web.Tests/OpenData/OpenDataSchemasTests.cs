using System.Text.Json.Nodes;
using ProcurementGroup.Web.Features.OpenData;

namespace ProcurementGroup.Web.Tests.OpenData;

/// <summary>
/// The embedded official schemas accept the official examples and refuse what they should: the DECP 2.0.3 examples
/// (TestData/opendata/decp, from reference/decp) validate, and mutated copies of them are rejected with the field's path;
/// a minimal OCDS 1.1.5 release package validates through the local copy of the release schema, and mutated ones do not.
/// </summary>
public sealed class OpenDataSchemasTests
{
    private static readonly OpenDataSchemas Schemas = new();

    private static string Example(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "opendata", "decp", name));

    private static JsonObject FirstMarche(JsonNode doc) => doc["marches"]!["marche"]![0]!.AsObject();

    [Theory]
    [InlineData("marches_avec_modifications.json")]
    [InlineData("marches_concessions.json")]
    [InlineData("concessions.json")]
    [InlineData("concessions_avec_modifications.json")]
    public void ValidateDecp_OfficialExamples_AreValid(string file) => Assert.Empty(Schemas.ValidateDecp(Example(file)));

    [Fact]
    public void ValidateDecp_RequiredFieldRemoved_IsRejectedAtThatField()
    {
        var doc = JsonNode.Parse(Example("marches_avec_modifications.json"))!;
        FirstMarche(doc).Remove("objet");

        var errors = Schemas.ValidateDecp(doc.ToJsonString());

        Assert.Contains("marches.marche[0].objet: PropertyRequired", errors);
    }

    [Fact]
    public void ValidateDecp_AmountAsText_IsRejectedAsWrongType()
    {
        var doc = JsonNode.Parse(Example("marches_avec_modifications.json"))!;
        FirstMarche(doc)["montant"] = "575000";

        var errors = Schemas.ValidateDecp(doc.ToJsonString());

        Assert.Contains("marches.marche[0].montant: NumberExpected", errors);
    }

    [Theory]
    [InlineData("2175000163006")]      // 13 digits
    [InlineData("217500016300660")]    // 15 digits
    [InlineData("2175000163006A")]     // a letter
    [InlineData("217 500 016 30066")]  // spaced as printed
    public void ValidateDecp_MalformedBuyerSiret_IsRejected(string siret)
    {
        var doc = JsonNode.Parse(Example("marches_avec_modifications.json"))!;
        FirstMarche(doc)["acheteur"]!["id"] = siret;

        var errors = Schemas.ValidateDecp(doc.ToJsonString());

        Assert.Contains("marches.marche[0].acheteur.id: PatternMismatch", errors);
    }

    [Fact]
    public void ValidateDecp_ValidBuyerSiret_Boundary_IsAccepted()
    {
        var doc = JsonNode.Parse(Example("marches_avec_modifications.json"))!;
        FirstMarche(doc)["acheteur"]!["id"] = "00000000000000";

        Assert.Empty(Schemas.ValidateDecp(doc.ToJsonString()));
    }

    [Theory]
    [InlineData("nature", "Marché public")]
    [InlineData("procedure", "Appel d'offres")]
    [InlineData("formePrix", "unitaire")]
    [InlineData("ccag", "CCAG-TIC")]
    public void ValidateDecp_UnknownCode_IsRejected(string field, string value)
    {
        var doc = JsonNode.Parse(Example("marches_avec_modifications.json"))!;
        FirstMarche(doc)[field] = value;

        var errors = Schemas.ValidateDecp(doc.ToJsonString());

        Assert.Contains($"marches.marche[0].{field}: NotInEnumeration", errors);
    }

    [Fact]
    public void ValidateDecp_IdLongerThan16_IsRejected_And16IsAccepted()
    {
        var doc = JsonNode.Parse(Example("marches_avec_modifications.json"))!;
        FirstMarche(doc)["id"] = new string('A', 16);
        Assert.Empty(Schemas.ValidateDecp(doc.ToJsonString()));

        FirstMarche(doc)["id"] = new string('A', 17);
        Assert.Contains("marches.marche[0].id: StringTooLong", Schemas.ValidateDecp(doc.ToJsonString()));
    }

    [Fact]
    public void ValidateDecp_NotJson_IsRejectedWithoutThrowing() => Assert.NotEmpty(Schemas.ValidateDecp("{\"marches\": "));

    [Fact]
    public void ValidateDecp_EmptyList_IsValid() => Assert.Empty(Schemas.ValidateDecp("""{"marches":{"marche":[]}}"""));

    private const string MinimalOcdsPackage =
        """
        {
          "uri": "https://achats.example.org/opendata/ocds.json",
          "version": "1.1",
          "publishedDate": "2026-11-29T10:00:00Z",
          "publisher": { "name": "Somme Numérique" },
          "releases": [
            {
              "ocid": "ocds-xxxxxx-2026-TEL-01",
              "id": "2026-TEL-01-tender",
              "date": "2026-11-29T10:00:00Z",
              "tag": ["tender"],
              "initiationType": "tender",
              "tender": { "id": "2026-TEL-01", "value": { "amount": 250000, "currency": "EUR" } }
            }
          ]
        }
        """;

    [Fact]
    public void ValidateOcdsReleasePackage_MinimalPackage_IsValid() => Assert.Empty(Schemas.ValidateOcdsReleasePackage(MinimalOcdsPackage));

    [Fact]
    public void ValidateOcdsReleasePackage_MissingOcid_IsRejected()
    {
        var doc = JsonNode.Parse(MinimalOcdsPackage)!;
        doc["releases"]![0]!.AsObject().Remove("ocid");

        Assert.Contains("releases[0].ocid: PropertyRequired", Schemas.ValidateOcdsReleasePackage(doc.ToJsonString()));
    }

    [Fact]
    public void ValidateOcdsReleasePackage_UnknownTag_IsRejected()
    {
        var doc = JsonNode.Parse(MinimalOcdsPackage)!;
        doc["releases"]![0]!["tag"] = new JsonArray("award", "signature");

        var errors = Schemas.ValidateOcdsReleasePackage(doc.ToJsonString());

        Assert.Contains("releases[0].tag[1]: NotInEnumeration", errors);
    }

    [Fact]
    public void ValidateOcdsReleasePackage_AmountAsText_IsRejected()
    {
        var doc = JsonNode.Parse(MinimalOcdsPackage)!;
        doc["releases"]![0]!["tender"]!["value"]!["amount"] = "250000";

        Assert.NotEmpty(Schemas.ValidateOcdsReleasePackage(doc.ToJsonString()));
    }

    [Fact]
    public void ValidateOcdsReleasePackage_NoRelease_IsRejected()
    {
        var doc = JsonNode.Parse(MinimalOcdsPackage)!;
        doc["releases"] = new JsonArray();

        Assert.Contains("releases: TooFewItems", Schemas.ValidateOcdsReleasePackage(doc.ToJsonString()));
    }
}

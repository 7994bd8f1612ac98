using System.Text.Json;
using System.Text.Json.Nodes;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Data.OpenData;
using ProcurementGroup.Web.Features.OpenData;

namespace ProcurementGroup.Web.Tests.OpenData;

/// <summary>
/// The one OCDS release builder against the official OCDS 1.1.5 schemas (through <see cref="OpenDataSchemas"/>, the
/// validator the app uses), on random data and on hand-made cases.
/// </summary>
public sealed class OcdsReleaseBuilderTests
{
    private static readonly OpenDataSchemas Schemas = new();
    private static readonly OcdsReleaseBuilder Builder = new();
    private static readonly OcdsPackageHeader Header = new("https://achats.example.org/opendata/ocds.json", OcdsSamples.Now);

    private static string Json(OcdsData data)
    {
        var package = Builder.Prepare(data);
        return Builder.PackageJson(package, Header, package.Releases);
    }

    private static async Task<string> StreamedAsync(OcdsData data)
    {
        using var stream = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(stream, OcdsReleaseBuilder.WriterOptions))
        {
            await Builder.WriteAsync(writer, Builder.Prepare(data), Header);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static JsonArray Releases(string json) => JsonNode.Parse(json)!["releases"]!.AsArray();

    private static JsonObject Release(string json, string ocid) =>
        Releases(json).Single(r => (string?)r!["ocid"] == ocid)!.AsObject();

    private static IReadOnlyList<string> Tags(JsonObject release) => release["tag"]!.AsArray().Select(t => (string)t!).ToList();

    [Theory]
    [InlineData(20261129)]
    [InlineData(7)]
    public async Task TwoHundredRandomTendersAndContracts_ValidateAgainstTheOcdsSchemas(int seed)
    {
        var data = OcdsSamples.Random(seed, tenders: 100, standaloneContracts: 100);

        var json = await StreamedAsync(data);

        Assert.Empty(Schemas.ValidateOcdsReleasePackage(json));
        Assert.Equal(200, Releases(json).Count);
        // The random data did exercise what it should: amendments, several lots, tenders without awards.
        Assert.True(data.Amendments.Count > 50 && data.Lots.Count > 150 && data.Tenders.Any(t => !data.Lots.Any(l => l.TenderId == t.Id && data.Awards.Any(a => a.TenderLotId == l.Id))));
        Assert.Equal(data.Contracts.Count, Releases(json).Sum(r => r!["contracts"]!.AsArray().Count));
        Assert.Equal(data.Amendments.Count, Releases(json).Sum(r => r!["contracts"]!.AsArray().Sum(c => c!["amendments"]?.AsArray().Count ?? 0)));
        // The streamed document and the string of the per-contract check are the same builder's.
        Assert.Equal(Json(data), json);
    }

    [Fact]
    public void ReleaseOfEachContract_AloneInAPackage_Validates()
    {
        var data = OcdsSamples.Random(42, tenders: 30, standaloneContracts: 30);
        var package = Builder.Prepare(data);

        foreach (var contract in data.Contracts)
        {
            var release = package.ReleaseOf(contract.Id);
            Assert.NotNull(release);
            Assert.Empty(Schemas.ValidateOcdsReleasePackage(Builder.PackageJson(package, Header, [release])));
        }
    }

    [Theory]
    [InlineData("ocid")]
    [InlineData("id")]
    [InlineData("date")]
    [InlineData("tag")]
    [InlineData("initiationType")]
    public void ReleaseWithoutARequiredField_IsRejected(string field)
    {
        var release = Releases(Json(OcdsSamples.Random(1, 2, 2)))[0]!.AsObject();
        Assert.Empty(Schemas.ValidateOcdsReleasePackage(Package(release.DeepClone())));

        var mutated = release.DeepClone().AsObject();
        mutated.Remove(field);

        Assert.Contains(Schemas.ValidateOcdsReleasePackage(Package(mutated)), e => e.Contains(field, StringComparison.Ordinal));
    }

    [Fact]
    public void MutatedValues_AreRejected()
    {
        var json = Json(Amended());
        var release = Releases(json)[0]!.AsObject();

        static JsonNode Mutate(JsonObject release, Action<JsonObject> change)
        {
            var copy = release.DeepClone().AsObject();
            change(copy);
            return copy;
        }

        // An amount as a string, a tag outside the closed codelist, an unknown currency, a malformed date, a role list as text.
        JsonNode[] mutations =
        [
            Mutate(release, r => r["contracts"]![0]!["value"]!["amount"] = "1000.00"),
            Mutate(release, r => r["tag"]!.AsArray().Add("signature")),
            Mutate(release, r => r["contracts"]![0]!["value"]!["currency"] = "EURO"),
            Mutate(release, r => r["date"] = "29/11/2026"),
            Mutate(release, r => r["initiationType"] = "contract"),
            Mutate(release, r => r["contracts"]![0]!.AsObject().Remove("awardID")),
        ];
        foreach (var mutated in mutations)
        {
            Assert.NotEmpty(Schemas.ValidateOcdsReleasePackage(Package(mutated)));
        }
    }

    private static string Package(JsonNode release)
    {
        var package = new JsonObject
        {
            ["uri"] = Header.Uri,
            ["version"] = "1.1",
            ["publishedDate"] = "2026-11-29T10:00:00Z",
            ["publisher"] = new JsonObject { ["name"] = "Somme Numérique" },
            ["releases"] = new JsonArray(release),
        };
        return package.ToJsonString();
    }

    /// <summary>One tender (2 lots, 2 offers each, lot 1 awarded and signed with 2 amendments, lot 2 not awarded) and one contract recorded without it.</summary>
    private static OcdsData Amended(string? prefix = "ocds-213czf", TenderStatus state = TenderStatus.Awarded, bool awarded = true, bool signed = true)
    {
        var tender = new OcdsTenderRow
        {
            Id = 1, Reference = "2026-TEL-01", Object = "Télécommunications", Nature = PurchaseNature.Services, ProcedureType = TenderProcedure.OpenCallForTenders,
            DurationMonths = 48, State = state, PublishedAtUtc = new DateTime(2026, 1, 5, 9, 0, 0, DateTimeKind.Utc),
            OfferDeadlineUtc = new DateTime(2026, 2, 20, 11, 0, 0, DateTimeKind.Utc), OffersOpenedAtUtc = new DateTime(2026, 2, 20, 14, 0, 0, DateTimeKind.Utc),
            UpdatedAtUtc = new DateTime(2026, 4, 1, 8, 0, 0, DateTimeKind.Utc), CampaignTitle = "Téléphonie 2026", EstimateCents = 123_456_789,
        };
        OcdsLotRow[] lots = [new() { Id = 11, TenderId = 1, LotNumber = 1, Title = "Fixe", CpvCode = "64211000-8" }, new() { Id = 12, TenderId = 1, LotNumber = 2, Title = "Mobile" }];
        OcdsItemRow[] items =
        [
            new() { Id = 101, TenderId = 1, TenderLotId = 11, Code = "FIX", Label = "Ligne fixe", Unit = "ligne", PricePeriod = Core.Needs.PricePeriod.Monthly, QuantityBasis = Core.Needs.QuantityBasis.WholeDuration, EstimatedUnitPriceCents = 1_999, QuantityMilli = 120_500 },
            new() { Id = 102, TenderId = 1, TenderLotId = 12, Code = "MOB", Label = "Forfait mobile", Unit = "ligne", PricePeriod = Core.Needs.PricePeriod.Annual, QuantityBasis = Core.Needs.QuantityBasis.WholeDuration, EstimatedUnitPriceCents = 10_000, QuantityMilli = 3_000 },
        ];
        OcdsOfferRow[] offers = [new(1, 11, 1), new(1, 11, 2), new(1, 12, 2), new(1, 12, 3)];
        var awards = awarded ? new List<OcdsAwardRow> { new() { Id = 1, TenderLotId = 11, SupplierId = 1, CreatedAtUtc = new DateTime(2026, 3, 10, 0, 0, 0, DateTimeKind.Utc), UpdatedAtUtc = new DateTime(2026, 3, 10, 0, 0, 0, DateTimeKind.Utc) } } : [];
        var contracts = new List<OcdsContractRow>();
        if (signed)
        {
            contracts.Add(new OcdsContractRow
            {
                Id = 1, TenderLotId = 11, TenderId = 1, Reference = "2026-TEL-01-L1", Title = "Télécommunications", LotLabel = "Fixe", SupplierId = 1,
                SignedOn = new DateOnly(2026, 4, 1), NotifiedOn = new DateOnly(2026, 4, 3), DurationMonths = 48, AmountCents = 100_000_01, IsMaximum = true, CpvCode = "64211000-8",
                CreatedAtUtc = new DateTime(2026, 4, 1, 8, 0, 0, DateTimeKind.Utc), UpdatedAtUtc = new DateTime(2026, 4, 1, 8, 0, 0, DateTimeKind.Utc),
            });
        }

        contracts.Add(new OcdsContractRow
        {
            Id = 2, Reference = "ENT-2024-01", Title = "Plateforme ENT", SupplierId = 3, SignedOn = new DateOnly(2024, 6, 14), StartsOn = new DateOnly(2024, 9, 1),
            DurationMonths = 48, AmountCents = 1, CpvCode = "48190000-6", CreatedAtUtc = new DateTime(2024, 6, 14, 8, 0, 0, DateTimeKind.Utc), UpdatedAtUtc = new DateTime(2024, 6, 14, 8, 0, 0, DateTimeKind.Utc),
        });
        var amendments = signed
            ? new List<OcdsAmendmentRow>
            {
                new() { Id = 1, ContractId = 1, Number = 1, SignedOn = new DateOnly(2026, 9, 1), NewAmountCents = 120_000_00, Reason = "Lignes supplémentaires", CreatedAtUtc = new DateTime(2026, 9, 1, 8, 0, 0, DateTimeKind.Utc) },
                new() { Id = 2, ContractId = 1, Number = 2, SignedOn = new DateOnly(2026, 10, 1), NewDurationMonths = 54, NewSupplierId = 2, Reason = "Cession", CreatedAtUtc = new DateTime(2026, 10, 2, 8, 0, 0, DateTimeKind.Utc) },
            }
            : [];
        OcdsOrganisationRow[] suppliers =
        [
            new() { Id = 1, Name = "Opérateur Un", Number = "73282932000074" },
            new() { Id = 2, Name = "Opérateur Deux", Number = "51278830800025" },
            new() { Id = 3, Name = "Éditeur ENT", Number = "79864013100014" },
        ];
        OcdsOrganisationRow[] members =
        [
            new() { Id = 1, Name = "CA Amiens Métropole", Number = "248000531" },
            new() { Id = 2, Name = "Département de la Somme" },
        ];
        return new OcdsData(OcdsSamples.Coordinator(prefix), [tender], lots, items, offers, awards, contracts, amendments, suppliers, members,
            [new(1, 1), new(1, 2)], [new(2, 1)]);
    }

    [Fact]
    public void Tender_LotsItemsAwardsContractsAndAmendments_AsTheDataSays()
    {
        var json = Json(Amended());
        Assert.Empty(Schemas.ValidateOcdsReleasePackage(json));
        var release = Release(json, "ocds-213czf-2026-TEL-01");

        Assert.Equal(["planning", "tender", "award", "contract", "contractAmendment"], Tags(release));
        Assert.Equal("tender", (string?)release["initiationType"]);
        Assert.Equal(1234567.89m, release["planning"]!["budget"]!["amount"]!["amount"]!.GetValue<decimal>());
        var tender = release["tender"]!;
        Assert.Equal("open", (string?)tender["procurementMethod"]);
        Assert.Equal("Appel d'offres ouvert (R2124-2)", (string?)tender["procurementMethodDetails"]);
        Assert.Equal(["1", "2"], tender["lots"]!.AsArray().Select(l => (string)l!["id"]!));
        // The snapshot quantity, 120.5 lines, and the estimate: 19.99 € × 120.5 × 48 months + 100 € × 3 × 4 years = 116,822.16 €.
        Assert.Equal(120.5m, tender["items"]![0]!["quantity"]!.GetValue<decimal>());
        Assert.Equal(116822.16m, tender["value"]!["amount"]!.GetValue<decimal>());
        Assert.Equal(3, tender["numberOfTenderers"]!.GetValue<int>());
        var award = release["awards"]!.AsArray().Single()!;
        Assert.Equal(["1"], award["relatedLots"]!.AsArray().Select(l => (string)l!));
        Assert.Equal("FR-RCS-73282932000074", (string?)award["suppliers"]![0]!["id"]);
        var contract = release["contracts"]!.AsArray().Single()!;
        Assert.Equal((string?)award["id"], (string?)contract["awardID"]);
        // The initial maximum, to the cent, never the amended one; the amendments beside it.
        Assert.Equal("100000.01", contract["value"]!["amount"]!.ToJsonString());
        var amendments = contract["amendments"]!.AsArray();
        Assert.Equal(2, amendments.Count);
        Assert.Equal("Avenant n° 1 : nouveau montant maximum 120 000,00 € HT", ((string?)amendments[0]!["description"])!.Replace('\u202F', ' ').Replace('\u00A0', ' '));
        Assert.Equal("Lignes supplémentaires", (string?)amendments[0]!["rationale"]);
        Assert.Equal("2026-09-01T00:00:00+02:00", (string?)amendments[0]!["date"]);
        Assert.StartsWith("Avenant n° 2 : nouvelle durée 54 mois ; nouveau titulaire Opérateur Deux", (string?)amendments[1]!["description"], StringComparison.Ordinal);
    }

    [Fact]
    public void Parties_CoordinatorBuyerAndProcuringEntity_MembersBuyersWithTheirSiren_Suppliers()
    {
        var release = Release(Json(Amended()), "ocds-213czf-2026-TEL-01");
        var parties = release["parties"]!.AsArray().ToDictionary(p => (string)p!["id"]!, p => p!);

        Assert.Equal(6, parties.Count);
        Assert.Equal(["buyer", "procuringEntity"], parties["FR-RCS-20008012500012"]["roles"]!.AsArray().Select(r => (string)r!));
        Assert.Equal("FR-RCS-20008012500012", (string?)release["buyer"]!["id"]);
        Assert.Equal("FR-RCS-20008012500012", (string?)release["tender"]!["procuringEntity"]!["id"]);
        var amiens = parties["FR-RCS-248000531"];
        Assert.Equal("FR-RCS", (string?)amiens["identifier"]!["scheme"]);
        Assert.Equal("248000531", (string?)amiens["identifier"]!["id"]);
        Assert.Equal(["buyer"], amiens["roles"]!.AsArray().Select(r => (string)r!));
        // A member whose SIREN is not known yet is still a buyer, without an identifier.
        Assert.Null(parties["membre-2"]["identifier"]);
        Assert.Equal(["tenderer", "supplier"], parties["FR-RCS-73282932000074"]["roles"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(["tenderer", "supplier"], parties["FR-RCS-51278830800025"]["roles"]!.AsArray().Select(r => (string)r!)); // the new holder of amendment 2
        Assert.Equal(["tenderer"], parties["FR-RCS-79864013100014"]["roles"]!.AsArray().Select(r => (string)r!));
    }

    [Fact]
    public void WithoutAStoredAdvice_ThePlanningBudgetIsTheSnapshotEstimate()
    {
        var data = Amended();
        data.Tenders[0].EstimateCents = null;

        var release = Release(Json(data), "ocds-213czf-2026-TEL-01");

        Assert.Equal("planning", Tags(release)[0]);
        Assert.Equal(116822.16m, release["planning"]!["budget"]!["amount"]!["amount"]!.GetValue<decimal>());
        Assert.Equal(115622.16m, release["tender"]!["lots"]![0]!["value"]!["amount"]!.GetValue<decimal>());
        Assert.Equal(1200m, release["tender"]!["lots"]![1]!["value"]!["amount"]!.GetValue<decimal>());
    }

    [Fact]
    public void TenderWithoutAward_HasNoAwardTag_AndAnAwardWithoutContractNoContractTag()
    {
        var notAwarded = Release(Json(Amended(state: TenderStatus.Evaluated, awarded: false, signed: false)), "ocds-213czf-2026-TEL-01");
        var awarded = Release(Json(Amended(state: TenderStatus.Awarded, awarded: true, signed: false)), "ocds-213czf-2026-TEL-01");

        Assert.Equal(["planning", "tender"], Tags(notAwarded));
        Assert.Empty(notAwarded["awards"]!.AsArray());
        Assert.Equal(["planning", "tender", "award"], Tags(awarded));
        // Without a signed contract, the award has no value yet.
        Assert.Null(awarded["awards"]![0]!["value"]);
    }

    [Fact]
    public void ContractRecordedWithoutATender_IsItsOwnRelease_AndAmountsAreExactFromCents()
    {
        var json = Json(Amended(prefix: null));
        var release = Release(json, "ocds-xxxxxx-ENT-2024-01");

        Assert.Equal(["tender", "award", "contract"], Tags(release));
        Assert.Equal("0.01", release["contracts"]![0]!["value"]!["amount"]!.ToJsonString());
        Assert.Equal("EUR", (string?)release["contracts"]![0]!["value"]!["currency"]);
        Assert.Equal("2024-09-01T00:00:00+02:00", (string?)release["contracts"]![0]!["period"]!["startDate"]);
        Assert.Equal("2028-08-31T00:00:00+02:00", (string?)release["contracts"]![0]!["period"]!["endDate"]);
        Assert.Equal(["FR-RCS-20008012500012", "FR-RCS-248000531", "FR-RCS-79864013100014"], release["parties"]!.AsArray().Select(p => (string)p!["id"]!));
    }

    [Fact]
    public void LeftOutContract_IsNotPublished_NorItsLotsAward()
    {
        var data = Amended();
        var package = Builder.Prepare(data, new HashSet<long> { 2 });
        var json = Builder.PackageJson(package, Header, package.Releases);
        var release = Release(json, "ocds-213czf-2026-TEL-01");

        Assert.Empty(Schemas.ValidateOcdsReleasePackage(json));
        Assert.Empty(release["contracts"]!.AsArray());
        Assert.Empty(release["awards"]!.AsArray());
        Assert.Equal(["planning", "tender"], Tags(release));
        Assert.Null(package.ReleaseOf(1));
    }
}

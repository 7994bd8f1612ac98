using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.OpenData;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.OpenData;

namespace ProcurementGroup.Web.Features.OpenData;

/// <summary>What the package says about itself: its address and its publication date-time.</summary>
public sealed record OcdsPackageHeader(string Uri, DateTime PublishedAtUtc);

/// <summary>One release of the package: a published tender with its lots, awards and contracts, or a contract recorded without a tender.</summary>
public sealed class OcdsRelease
{
    public OcdsTenderRow? Tender { get; init; }

    public OcdsContractRow? StandaloneContract { get; init; }

    public IReadOnlyList<OcdsLotRow> Lots { get; init; } = [];

    public IReadOnlyList<OcdsAwardRow> Awards { get; init; } = [];

    public IReadOnlyList<OcdsContractRow> Contracts { get; init; } = [];

    public string Reference => Tender?.Reference ?? StandaloneContract!.Reference;

    /// <summary>The contracts it publishes (a tender's signed lots, or the standalone contract).</summary>
    public IEnumerable<long> ContractIds => Contracts.Select(c => c.Id);
}

/// <summary>The export's data, indexed once, and its releases in publication order.</summary>
public sealed class OcdsPackage
{
    internal OcdsPackage(OcdsData data, IReadOnlyList<OcdsRelease> releases)
    {
        Data = data;
        Releases = releases;
        ItemsByLot = data.Items.ToLookup(i => i.TenderLotId);
        OffersByTender = data.Offers.ToLookup(o => o.TenderId);
        AmendmentsByContract = data.Amendments.ToLookup(a => a.ContractId);
        Suppliers = data.Suppliers.ToDictionary(s => s.Id);
        Members = data.Members.ToDictionary(m => m.Id);
        TenderMembers = data.TenderMembers.ToLookup(p => p.OwnerId, p => p.MemberId);
        ContractMembers = data.ContractMembers.ToLookup(p => p.OwnerId, p => p.MemberId);
    }

    public OcdsData Data { get; }

    public IReadOnlyList<OcdsRelease> Releases { get; }

    internal ILookup<long, OcdsItemRow> ItemsByLot { get; }

    internal ILookup<long, OcdsOfferRow> OffersByTender { get; }

    internal ILookup<long, OcdsAmendmentRow> AmendmentsByContract { get; }

    internal IReadOnlyDictionary<long, OcdsOrganisationRow> Suppliers { get; }

    internal IReadOnlyDictionary<long, OcdsOrganisationRow> Members { get; }

    internal ILookup<long, long> TenderMembers { get; }

    internal ILookup<long, long> ContractMembers { get; }

    /// <summary>The release that publishes a contract, or null (the contract is left out, or unknown).</summary>
    public OcdsRelease? ReleaseOf(long contractId) => Releases.FirstOrDefault(r => r.Contracts.Any(c => c.Id == contractId));
}

/// <summary>
/// Builds the OCDS 1.1.5 release package (version "1.1"): one release per published tender and per contract recorded
/// without a tender, written straight to a <see cref="Utf8JsonWriter"/>. The one builder of the export, of the
/// per-contract OCDS check and of the tests. Amounts are written from integer cents as exact decimals (never a double);
/// amendments are listed beside the contract's initial values, never over them.
/// </summary>
public sealed class OcdsReleaseBuilder
{
    public const string Currency = "EUR";

    /// <summary>The lots are described with the OCDS lots extension (tender.lots, items' relatedLot, awards' relatedLots).</summary>
    public const string LotsExtension = "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json";

    public const string License = "https://www.etalab.gouv.fr/licence-ouverte-open-licence";

    private const int FlushBytes = 32 * 1024;

    /// <summary>French text stays readable (accents unescaped); characters that matter to HTML are still escaped.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>
    /// Indexes the data and plans the releases, publishing only the contracts in <paramref name="publishableContractIds"/>
    /// (all when null): a contract left out takes its lot's award with it; its tender is still published.
    /// </summary>
    public OcdsPackage Prepare(OcdsData data, IReadOnlySet<long>? publishableContractIds = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        bool Published(OcdsContractRow c) => publishableContractIds is null || publishableContractIds.Contains(c.Id);
        var lotsByTender = data.Lots.ToLookup(l => l.TenderId);
        var awardsByLot = data.Awards.ToLookup(a => a.TenderLotId);
        var contractsByTender = data.Contracts.Where(c => c.TenderId is not null).ToLookup(c => c.TenderId!.Value);
        var releases = new List<OcdsRelease>(data.Tenders.Count + data.Contracts.Count);
        foreach (var tender in data.Tenders)
        {
            var lots = lotsByTender[tender.Id].ToList();
            var contracts = contractsByTender[tender.Id].ToList();
            var hidden = contracts.Where(c => !Published(c)).Select(c => c.TenderLotId).ToHashSet();
            releases.Add(new OcdsRelease
            {
                Tender = tender,
                Lots = lots,
                Awards = lots.Where(l => !hidden.Contains(l.Id)).SelectMany(l => awardsByLot[l.Id]).ToList(),
                Contracts = contracts.Where(Published).ToList(),
            });
        }

        foreach (var contract in data.Contracts.Where(c => c.TenderLotId is null && Published(c)))
        {
            releases.Add(new OcdsRelease { StandaloneContract = contract, Contracts = [contract] });
        }

        return new OcdsPackage(data, releases);
    }

    /// <summary>Writes the whole package, flushing to the writer's stream as it goes.</summary>
    public async Task WriteAsync(Utf8JsonWriter writer, OcdsPackage package, OcdsPackageHeader header, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(package);
        WriteHeader(writer, package, header);
        foreach (var release in package.Releases)
        {
            WriteRelease(writer, package, release);
            if (writer.BytesPending > FlushBytes)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>A package of the given releases as a string: what the per-contract check validates, and what the tests read.</summary>
    public string PackageJson(OcdsPackage package, OcdsPackageHeader header, IEnumerable<OcdsRelease> releases)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(releases);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, WriterOptions))
        {
            WriteHeader(writer, package, header);
            foreach (var release in releases)
            {
                WriteRelease(writer, package, release);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    private static void WriteHeader(Utf8JsonWriter w, OcdsPackage package, OcdsPackageHeader header)
    {
        var coordinator = package.Data.Coordinator;
        w.WriteStartObject();
        w.WriteString("uri", header.Uri);
        w.WriteString("version", "1.1");
        w.WriteStartArray("extensions");
        w.WriteStringValue(LotsExtension);
        w.WriteEndArray();
        w.WriteString("publishedDate", Instant(header.PublishedAtUtc));
        w.WriteStartObject("publisher");
        w.WriteString("name", string.IsNullOrWhiteSpace(coordinator.Name) ? "Coordonnateur" : coordinator.Name);
        if (coordinator.Siret is { Length: > 0 } siret)
        {
            w.WriteString("scheme", OcdsIdentifiers.SireneScheme);
            w.WriteString("uid", siret);
        }

        w.WriteEndObject();
        w.WriteString("license", License);
        w.WriteStartArray("releases");
    }

    private static void WriteRelease(Utf8JsonWriter w, OcdsPackage package, OcdsRelease release)
    {
        var data = package.Data;
        var tender = release.Tender;
        var amendments = release.Contracts.Sum(c => package.AmendmentsByContract[c.Id].Count());
        var date = ReleaseDate(package, release);
        var standaloneAward = release.StandaloneContract is not null;
        var hasItems = release.Lots.Any(l => package.ItemsByLot[l.Id].Any());
        var content = new OcdsReleaseContent(
            Planning: tender is not null && (tender.EstimateCents is not null || hasItems),
            Tender: true,
            Awards: standaloneAward ? 1 : release.Awards.Count,
            Contracts: release.Contracts.Count,
            Amendments: amendments);

        w.WriteStartObject();
        w.WriteString("ocid", OcdsIdentifiers.Ocid(data.Coordinator.OcdsPrefix, release.Reference));
        w.WriteString("id", $"{release.Reference}-{date.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}");
        w.WriteString("date", Instant(date));
        w.WriteStartArray("tag");
        foreach (var tag in OcdsTags.For(content))
        {
            w.WriteStringValue(tag);
        }

        w.WriteEndArray();
        w.WriteString("initiationType", "tender");
        w.WriteString("language", "fr");
        var coordinatorId = WriteParties(w, package, release);
        w.WriteStartObject("buyer");
        w.WriteString("id", coordinatorId);
        w.WriteString("name", CoordinatorName(data.Coordinator));
        w.WriteEndObject();
        if (content.Planning)
        {
            // The campaign's estimated value: its latest stored procedure advice's estimate, or else the aggregated needs
            // as the tender froze them at publication (the DQE snapshot), over the whole duration.
            w.WriteStartObject("planning");
            w.WriteStartObject("budget");
            w.WriteString("id", "estimation");
            w.WriteString("description", tender!.EstimateCents is not null
                ? $"Valeur estimée du recensement des besoins « {tender.CampaignTitle} » (avis de procédure), sur toute la durée"
                : $"Valeur estimée du recensement des besoins « {tender.CampaignTitle} » (quantités figées à la publication), sur toute la durée");
            WriteValue(w, "amount", tender.EstimateCents ?? SnapshotEstimate(package, release, tender).Total);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        if (tender is not null)
        {
            WriteTender(w, package, release, tender, coordinatorId);
        }
        else
        {
            WriteStandaloneTender(w, release.StandaloneContract!, coordinatorId);
        }

        w.WriteStartArray("awards");
        if (release.StandaloneContract is { } alone)
        {
            WriteAward(w, package, AwardId(alone), alone.SupplierId, alone.AmountCents, Date(alone.SignedOn), null);
        }
        else
        {
            var lotNumbers = release.Lots.ToDictionary(l => l.Id, l => l.LotNumber);
            foreach (var award in release.Awards)
            {
                var contract = release.Contracts.FirstOrDefault(c => c.TenderLotId == award.TenderLotId);
                WriteAward(w, package, AwardId(lotNumbers[award.TenderLotId]), award.SupplierId, contract?.AmountCents, Instant(award.CreatedAtUtc), lotNumbers[award.TenderLotId]);
            }
        }

        w.WriteEndArray();
        w.WriteStartArray("contracts");
        foreach (var contract in release.Contracts)
        {
            var awardId = release.StandaloneContract is not null ? AwardId(contract)
                : AwardId(release.Lots.First(l => l.Id == contract.TenderLotId).LotNumber);
            WriteContract(w, package, contract, awardId);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string AwardId(int lotNumber) => string.Create(CultureInfo.InvariantCulture, $"attribution-lot-{lotNumber}");

    private static string AwardId(OcdsContractRow contract) => $"attribution-{contract.Reference}";

    /// <summary>The latest change of anything the release shows.</summary>
    private static DateTime ReleaseDate(OcdsPackage package, OcdsRelease release)
    {
        var date = release.Tender?.UpdatedAtUtc ?? DateTime.MinValue;
        foreach (var award in release.Awards)
        {
            date = Max(date, award.UpdatedAtUtc);
        }

        foreach (var contract in release.Contracts)
        {
            date = Max(date, contract.UpdatedAtUtc);
            foreach (var amendment in package.AmendmentsByContract[contract.Id])
            {
                date = Max(date, amendment.CreatedAtUtc);
            }
        }

        return DateTime.SpecifyKind(date, DateTimeKind.Utc);
    }

    private static DateTime Max(DateTime a, DateTime b) => a >= b ? a : b;

    /// <summary>Writes the parties and returns the coordinator's party id.</summary>
    private static string WriteParties(Utf8JsonWriter w, OcdsPackage package, OcdsRelease release)
    {
        var data = package.Data;
        var coordinator = data.Coordinator;
        var coordinatorId = coordinator.Siret is { Length: > 0 } siret ? OcdsIdentifiers.PartyId(siret) : "coordonnateur";
        w.WriteStartArray("parties");
        w.WriteStartObject();
        w.WriteString("id", coordinatorId);
        w.WriteString("name", CoordinatorName(coordinator));
        if (coordinator.Siret is { Length: > 0 })
        {
            WriteIdentifier(w, coordinator.Siret, CoordinatorName(coordinator));
        }

        WriteAddress(w, coordinator.AddressLine1, coordinator.PostalCode, coordinator.City);
        if (coordinator.Email is not null || coordinator.Phone is not null)
        {
            w.WriteStartObject("contactPoint");
            w.WriteString("name", CoordinatorName(coordinator));
            if (coordinator.Email is not null)
            {
                w.WriteString("email", coordinator.Email);
            }

            if (coordinator.Phone is not null)
            {
                w.WriteString("telephone", coordinator.Phone);
            }

            w.WriteEndObject();
        }

        WriteRoles(w, "buyer", "procuringEntity");
        w.WriteEndObject();

        // The members taking part, each a buyer under the groupement's convention (L2113-6).
        var memberIds = new SortedSet<long>();
        if (release.Tender is { } tender)
        {
            memberIds.UnionWith(package.TenderMembers[tender.Id]);
        }

        foreach (var contract in release.Contracts)
        {
            memberIds.UnionWith(package.ContractMembers[contract.Id]);
        }

        foreach (var memberId in memberIds)
        {
            if (!package.Members.TryGetValue(memberId, out var member))
            {
                continue;
            }

            w.WriteStartObject();
            w.WriteString("id", member.Number is { Length: > 0 } siren ? OcdsIdentifiers.PartyId(siren) : string.Create(CultureInfo.InvariantCulture, $"membre-{member.Id}"));
            w.WriteString("name", member.Name);
            if (member.Number is { Length: > 0 })
            {
                WriteIdentifier(w, member.Number, member.Name);
            }

            WriteAddress(w, member.AddressLine1, member.PostalCode, member.City);
            WriteRoles(w, "buyer");
            w.WriteEndObject();
        }

        // Suppliers: tenderers once the offers were opened, awardees and holders named by an amendment.
        var roles = new SortedDictionary<long, (bool Tenderer, bool Supplier)>();
        if (release.Tender is { } opened)
        {
            foreach (var offer in package.OffersByTender[opened.Id])
            {
                roles[offer.SupplierId] = (true, roles.GetValueOrDefault(offer.SupplierId).Supplier);
            }
        }

        foreach (var award in release.Awards)
        {
            roles[award.SupplierId] = (roles.GetValueOrDefault(award.SupplierId).Tenderer, true);
        }

        foreach (var contract in release.Contracts)
        {
            roles[contract.SupplierId] = (roles.GetValueOrDefault(contract.SupplierId).Tenderer, true);
            foreach (var amendment in package.AmendmentsByContract[contract.Id])
            {
                if (amendment.NewSupplierId is { } holder)
                {
                    roles[holder] = (roles.GetValueOrDefault(holder).Tenderer, true);
                }
            }
        }

        foreach (var (supplierId, (tenderer, supplier)) in roles)
        {
            if (!package.Suppliers.TryGetValue(supplierId, out var s))
            {
                continue;
            }

            w.WriteStartObject();
            w.WriteString("id", SupplierPartyId(s));
            w.WriteString("name", s.Name);
            if (s.Number is { Length: > 0 })
            {
                WriteIdentifier(w, s.Number, s.Name);
            }

            WriteAddress(w, s.AddressLine1, s.PostalCode, s.City);
            w.WriteStartArray("roles");
            if (tenderer)
            {
                w.WriteStringValue("tenderer");
            }

            if (supplier)
            {
                w.WriteStringValue("supplier");
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        return coordinatorId;
    }

    private static string SupplierPartyId(OcdsOrganisationRow supplier) =>
        supplier.Number is { Length: > 0 } siret ? OcdsIdentifiers.PartyId(siret) : string.Create(CultureInfo.InvariantCulture, $"fournisseur-{supplier.Id}");

    private static string CoordinatorName(OcdsCoordinatorRow coordinator) =>
        string.IsNullOrWhiteSpace(coordinator.Name) ? "Coordonnateur" : coordinator.Name;

    private static void WriteIdentifier(Utf8JsonWriter w, string number, string legalName)
    {
        w.WriteStartObject("identifier");
        w.WriteString("scheme", OcdsIdentifiers.SireneScheme);
        w.WriteString("id", number);
        w.WriteString("legalName", legalName);
        w.WriteEndObject();
    }

    private static void WriteAddress(Utf8JsonWriter w, string? street, string? postalCode, string? city)
    {
        if (street is null && postalCode is null && city is null)
        {
            return;
        }

        w.WriteStartObject("address");
        if (street is not null)
        {
            w.WriteString("streetAddress", street);
        }

        if (city is not null)
        {
            w.WriteString("locality", city);
        }

        if (postalCode is not null)
        {
            w.WriteString("postalCode", postalCode);
        }

        w.WriteString("countryName", "France");
        w.WriteEndObject();
    }

    private static void WriteRoles(Utf8JsonWriter w, params string[] roles)
    {
        w.WriteStartArray("roles");
        foreach (var role in roles)
        {
            w.WriteStringValue(role);
        }

        w.WriteEndArray();
    }

    private static void WriteTender(Utf8JsonWriter w, OcdsPackage package, OcdsRelease release, OcdsTenderRow tender, string coordinatorId)
    {
        var (method, details) = OcdsCodes.Method(tender.ProcedureType);
        w.WriteStartObject("tender");
        w.WriteString("id", tender.Reference);
        w.WriteString("title", tender.Object);
        if (OcdsCodes.TenderStatus(tender.State) is { } status)
        {
            w.WriteString("status", status);
        }

        w.WriteStartObject("procuringEntity");
        w.WriteString("id", coordinatorId);
        w.WriteString("name", CoordinatorName(package.Data.Coordinator));
        w.WriteEndObject();

        var (total, lotValues) = SnapshotEstimate(package, release, tender);
        w.WriteStartArray("items");
        foreach (var lot in release.Lots)
        {
            foreach (var item in package.ItemsByLot[lot.Id])
            {
                w.WriteStartObject();
                w.WriteString("id", item.Code);
                w.WriteString("description", item.Label);
                if (lot.CpvCode is { Length: > 0 } cpv)
                {
                    w.WriteStartObject("classification");
                    w.WriteString("scheme", "CPV");
                    w.WriteString("id", cpv);
                    w.WriteEndObject();
                }

                // The DQE quantity: the snapshot of the aggregated needs taken at publication.
                w.WriteNumber("quantity", item.QuantityMilli / (decimal)EstimatedValue.QuantityScale);
                w.WriteStartObject("unit");
                w.WriteString("name", item.Unit);
                WriteValue(w, "value", item.EstimatedUnitPriceCents);
                w.WriteEndObject();
                w.WriteString("relatedLot", LotId(lot.LotNumber));
                w.WriteEndObject();
            }
        }

        w.WriteEndArray();
        WriteValue(w, "value", total);
        w.WriteString("procurementMethod", method);
        w.WriteString("procurementMethodDetails", details);
        w.WriteString("mainProcurementCategory", OcdsCodes.Category(tender.Nature));
        if (tender.PublishedAtUtc is { } published)
        {
            w.WriteStartObject("tenderPeriod");
            w.WriteString("startDate", Instant(published));
            if (tender.OfferDeadlineUtc is { } deadline)
            {
                w.WriteString("endDate", Instant(deadline));
            }

            w.WriteEndObject();
        }

        // Offers are sealed until opened: neither their number nor the tenderers are published before.
        if (tender.OffersOpenedAtUtc is not null)
        {
            var tenderers = package.OffersByTender[tender.Id].Select(o => o.SupplierId).Distinct().ToList();
            w.WriteNumber("numberOfTenderers", tenderers.Count);
            w.WriteStartArray("tenderers");
            foreach (var supplierId in tenderers)
            {
                if (package.Suppliers.TryGetValue(supplierId, out var supplier))
                {
                    w.WriteStartObject();
                    w.WriteString("id", SupplierPartyId(supplier));
                    w.WriteString("name", supplier.Name);
                    w.WriteEndObject();
                }
            }

            w.WriteEndArray();
        }

        w.WriteStartArray("lots");
        foreach (var lot in release.Lots)
        {
            w.WriteStartObject();
            w.WriteString("id", LotId(lot.LotNumber));
            w.WriteString("title", lot.Title);
            WriteValue(w, "value", lotValues[lot.Id]);
            if (lot.MaximumCents is { } maximum)
            {
                w.WriteString("description", $"Accord-cadre, montant maximum {FrenchFormat.Money(maximum)} HT");
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// The estimated value of the tender's DQE snapshot (quantities × estimated unit prices over the duration, Core's
    /// <see cref="EstimatedValue"/>), in cents: the total and each lot's, each summed exactly and rounded once.
    /// </summary>
    private static (long Total, Dictionary<long, long> Lots) SnapshotEstimate(OcdsPackage package, OcdsRelease release, OcdsTenderRow tender)
    {
        Int128 total = 0;
        var lots = new Dictionary<long, long>();
        foreach (var lot in release.Lots)
        {
            Int128 lotTotal = 0;
            foreach (var item in package.ItemsByLot[lot.Id])
            {
                lotTotal += EstimatedValue.Exact(item.EstimatedUnitPriceCents, item.QuantityMilli, item.PricePeriod, item.QuantityBasis, tender.DurationMonths);
            }

            lots[lot.Id] = EstimatedValue.ToMoney(lotTotal).Cents;
            total += lotTotal;
        }

        return (EstimatedValue.ToMoney(total).Cents, lots);
    }

    /// <summary>A contract recorded without a tender: its procedure and number of offers, from its DECP fields.</summary>
    private static void WriteStandaloneTender(Utf8JsonWriter w, OcdsContractRow contract, string coordinatorId)
    {
        w.WriteStartObject("tender");
        w.WriteString("id", contract.Reference);
        w.WriteString("title", contract.Title);
        w.WriteString("status", "complete");
        w.WriteStartObject("procuringEntity");
        w.WriteString("id", coordinatorId);
        w.WriteEndObject();
        if (contract.ProcedureType is { } procedure)
        {
            var (method, details) = OcdsCodes.Method(procedure);
            w.WriteString("procurementMethod", method);
            w.WriteString("procurementMethodDetails", details);
        }

        if (contract.Nature is { } nature)
        {
            w.WriteString("mainProcurementCategory", OcdsCodes.Category(nature));
        }

        if (contract.OffresRecues is { } offers)
        {
            w.WriteNumber("numberOfTenderers", offers);
        }

        w.WriteEndObject();
    }

    private static void WriteAward(Utf8JsonWriter w, OcdsPackage package, string id, long supplierId, long? valueCents, string date, int? lotNumber)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("status", "active");
        w.WriteString("date", date);
        if (valueCents is { } cents)
        {
            WriteValue(w, "value", cents);
        }

        if (package.Suppliers.TryGetValue(supplierId, out var supplier))
        {
            w.WriteStartArray("suppliers");
            w.WriteStartObject();
            w.WriteString("id", SupplierPartyId(supplier));
            w.WriteString("name", supplier.Name);
            w.WriteEndObject();
            w.WriteEndArray();
        }

        if (lotNumber is { } number)
        {
            w.WriteStartArray("relatedLots");
            w.WriteStringValue(LotId(number));
            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void WriteContract(Utf8JsonWriter w, OcdsPackage package, OcdsContractRow contract, string awardId)
    {
        w.WriteStartObject();
        w.WriteString("id", contract.Reference);
        w.WriteString("awardID", awardId);
        w.WriteString("title", contract.LotLabel is { Length: > 0 } lot ? $"{contract.Title} — {lot}" : contract.Title);
        if (contract.IsMaximum)
        {
            w.WriteString("description", "Accord-cadre : la valeur est le montant maximum initial.");
        }

        var start = contract.StartsOn ?? contract.NotifiedOn ?? contract.SignedOn;
        w.WriteStartObject("period");
        w.WriteString("startDate", Date(start));
        w.WriteString("endDate", Date(start.AddMonths(contract.DurationMonths).AddDays(-1)));
        w.WriteEndObject();

        // The initial values; amendments are listed beside them, never written over them.
        WriteValue(w, "value", contract.AmountCents);
        w.WriteString("dateSigned", Date(contract.SignedOn));
        var amendments = package.AmendmentsByContract[contract.Id];
        if (amendments.Any())
        {
            w.WriteStartArray("amendments");
            foreach (var amendment in amendments)
            {
                w.WriteStartObject();
                w.WriteString("id", amendment.Number.ToString(CultureInfo.InvariantCulture));
                w.WriteString("date", Date(amendment.SignedOn));
                w.WriteString("rationale", amendment.Reason);
                w.WriteString("description", AmendmentDescription(package, contract, amendment));
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    /// <summary>What an avenant changes, in French: « Avenant n° 1 : nouveau montant maximum 120 000,00 € HT ; nouvelle durée 36 mois ».</summary>
    public static string AmendmentDescription(OcdsPackage package, OcdsContractRow contract, OcdsAmendmentRow amendment)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(amendment);
        var changes = new List<string>(3);
        if (amendment.NewAmountCents is { } amount)
        {
            changes.Add($"{(contract.IsMaximum ? "nouveau montant maximum" : "nouveau montant")} {FrenchFormat.Money(amount)} HT");
        }

        if (amendment.NewDurationMonths is { } months)
        {
            changes.Add(string.Create(FrenchFormat.Culture, $"nouvelle durée {months} mois"));
        }

        if (amendment.NewSupplierId is { } holder && package.Suppliers.TryGetValue(holder, out var supplier))
        {
            changes.Add($"nouveau titulaire {supplier.Name} (SIRET {supplier.Number})");
        }

        var head = string.Create(FrenchFormat.Culture, $"Avenant n° {amendment.Number}");
        return changes.Count == 0 ? head : $"{head} : {string.Join(" ; ", changes)}";
    }

    private static string LotId(int lotNumber) => lotNumber.ToString(CultureInfo.InvariantCulture);

    /// <summary>An amount from integer cents, as an exact JSON number (decimal, never a double), in euros.</summary>
    private static void WriteValue(Utf8JsonWriter w, string name, long cents)
    {
        w.WriteStartObject(name);
        w.WriteNumber("amount", new decimal(cents) / 100m);
        w.WriteString("currency", Currency);
        w.WriteEndObject();
    }

    private static string Instant(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A calendar day as the start of that day in Paris, with its offset (OCDS dates are date-times).</summary>
    private static string Date(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(midnight, ParisTime.Zone.GetUtcOffset(midnight)).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
    }
}

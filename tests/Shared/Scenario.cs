using System.Data.Common;
using System.Globalization;
using Dapper;
using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Core.Groups;
using ProcurementGroup.Core.Members;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Data.Allocation;
using ProcurementGroup.Data.Groups;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Data.Needs;

namespace ProcurementGroup.Testing;

/// <summary>
/// The one way tests and benchmarks arrange a groupement, its members, a needs campaign with its catalogue and the
/// members' forms: through the app's own repositories and the Core rules they obey (campaign, item and need-line
/// validators, the participation rule at opening, versioned form transitions), in the order the app writes them, on any
/// provider (<see cref="IDbConnectionFactory"/> of a <c>TestApp</c>, a dual-provider test or a benchmark database).
/// No e-mail is queued and nothing is audited: what a test asserts on those it arranges through the pages.
/// <code>
/// var s = await Scenario.For(factory)
///     .Member("Alpha").Member("Beta")
///     .Campaign("Téléphonie", c => c.Duration(30).Lot(1, "Mobile", l => l.Item("MOB", 1200, PricePeriod.Monthly)))
///     .Opened()
///     .Form("Alpha", f => f.Line("MOB", 10).Submitted())
///     .Closed()
///     .BuildAsync();
/// </code>
/// History is replayed at the campaign's own dates: it opens at <see cref="ScenarioCampaign.OpensAtUtc"/> (forms created for
/// the members taking part on the launch day), forms are saved and submitted the next day, and it closes at its closing
/// time (or now, if that is still to come).
/// </summary>
public sealed class Scenario
{
    private readonly IDbConnectionFactory _factory;
    private readonly List<ScenarioMember> _members = [];
    private readonly List<ScenarioForm> _forms = [];
    private readonly List<(string Member, string Name, bool Archived)> _sites = [];
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];
    private string? _existingGroup;
    private string? _groupName;
    private ScenarioCampaign? _campaign;
    private CampaignStatus _status = CampaignStatus.Draft;

    private Scenario(IDbConnectionFactory factory) => _factory = factory;

    public static Scenario For(IDbConnectionFactory factory) => new(factory);

    /// <summary>A new groupement (by default one named after the scenario's unique tag).</summary>
    public Scenario Group(string name)
    {
        _groupName = name;
        return this;
    }

    /// <summary>An existing groupement (e.g. the demo's "Télécommunications") with its members, instead of a new one.</summary>
    public Scenario InGroup(string existingName)
    {
        _existingGroup = existingName;
        return this;
    }

    /// <summary>
    /// A member of the groupement: a new member named <paramref name="name"/> followed by the scenario's tag (see
    /// <see cref="ScenarioResult.MemberName"/>) adhering since 2024-01-01, or an existing member of that exact name (demo
    /// members) given an adhesion when it has none.
    /// </summary>
    public Scenario Member(string name, Action<ScenarioMember>? configure = null)
    {
        var spec = new ScenarioMember(name);
        configure?.Invoke(spec);
        _members.Add(spec);
        return this;
    }

    /// <summary>A site of a scenario member (its register of sites), archived or not; lines may also name new sites.</summary>
    public Scenario Site(string member, string name, bool archived = false)
    {
        _sites.Add((member, name, archived));
        return this;
    }

    public Scenario Campaign(string title, Action<ScenarioCampaign>? configure = null)
    {
        _campaign = new ScenarioCampaign(title);
        configure?.Invoke(_campaign);
        return this;
    }

    /// <summary>Opens the campaign at its opening time: the members taking part on the launch day get their draft form.</summary>
    public Scenario Opened()
    {
        _status = CampaignStatus.Open;
        return this;
    }

    /// <summary>Opens, then closes the campaign after the forms were filled.</summary>
    public Scenario Closed()
    {
        _status = CampaignStatus.Closed;
        return this;
    }

    /// <summary>The member's form: its lines (saved as the whole form, version-checked) and the status it reaches.</summary>
    public Scenario Form(string member, Action<ScenarioForm> configure)
    {
        var spec = new ScenarioForm(member);
        configure(spec);
        _forms.Add(spec);
        return this;
    }

    public async Task<ScenarioResult> BuildAsync(CancellationToken cancellationToken = default)
    {
        var campaign = _campaign ?? throw new InvalidOperationException("A scenario needs a campaign: call Campaign(...).");
        var groups = new PurchasingGroupRepository(_factory);
        var memberRepository = new MemberRepository(_factory);
        var campaigns = new CampaignRepository(_factory);
        var catalogue = new CatalogueRepository(_factory);
        var sites = new MemberSiteRepository(_factory);
        var lines = new NeedLinesStore(_factory);
        var forms = new NeedsFormRepository(_factory);
        var result = new ScenarioResult(_tag);
        var now = DateTime.UtcNow;

        long? existingGroupId = null;
        if (_existingGroup is { } existing)
        {
            var (rows, _) = await groups.SearchAsync(new GroupQuery(existing, default, false, 0, 50), cancellationToken);
            existingGroupId = rows.FirstOrDefault(r => r.Name == existing)?.Id ?? throw new InvalidOperationException($"No groupement named {existing}.");
        }

        await using var connection = await _factory.OpenAsync(cancellationToken);

        // The groupement and the members recorded before the opening.
        await using (var tx = await connection.BeginTransactionAsync(cancellationToken))
        {
            result.GroupId = existingGroupId ?? await groups.InsertAsync(connection, tx, new PurchasingGroup
                {
                    Name = _groupName ?? "Groupement test " + _tag,
                    Domain = GroupDomain.Telecom,
                    StartDate = new DateOnly(2024, 1, 1),
                    CreatedAtUtc = now,
                    UpdatedAtUtc = now,
                });
            foreach (var member in _members.Where(m => !m.RecordedAfterOpening))
            {
                await AddMemberAsync(connection, tx, groups, memberRepository, result, member, now);
            }

            foreach (var (member, name, archived) in _sites.Where(site => result.Members.ContainsKey(site.Member)))
            {
                var siteId = await SiteIdAsync(connection, tx, sites, result, member, result.MemberId(member), name, now);
                if (archived)
                {
                    await sites.SetArchivedAsync(connection, tx, siteId, true);
                }
            }

            await tx.CommitAsync(cancellationToken);
        }

        // The campaign and its catalogue, as a draft, checked by the validators the officer's pages use.
        await using (var tx = await connection.BeginTransactionAsync(cancellationToken))
        {
            var entity = campaign.ToEntity(result.GroupId, now);
            Refuse(CampaignValidator.Validate(entity));
            result.CampaignId = await campaigns.InsertAsync(connection, tx, entity);
            result.CampaignTitle = entity.Title;
            var sort = 0;
            foreach (var lot in campaign.Lots)
            {
                var lotEntity = new CampaignLot { CampaignId = result.CampaignId, LotNumber = lot.Number, Title = lot.Title, MaximumCents = lot.MaximumCents };
                Refuse(CampaignValidator.ValidateLot(lotEntity));
                var lotId = await catalogue.InsertLotAsync(connection, tx, lotEntity);
                result.Lots[lot.Number] = lotId;
                foreach (var item in lot.Items)
                {
                    var itemEntity = item.ToEntity(result.CampaignId, lotId, sort++);
                    Refuse(CampaignValidator.ValidateItem(itemEntity));
                    var itemId = await catalogue.InsertItemAsync(connection, tx, itemEntity);
                    itemEntity.Id = itemId;
                    result.Items[item.Code] = itemId;
                    result.ItemEntities[itemId] = itemEntity;
                }
            }

            await tx.CommitAsync(cancellationToken);
        }

        if (_status == CampaignStatus.Draft)
        {
            if (_forms.Count > 0 || _members.Any(m => m.RecordedAfterOpening || m.LeftOn is not null))
            {
                throw new InvalidOperationException("Forms, late members and departures need an opened campaign: call Opened() or Closed().");
            }

            return result;
        }

        // Opening, as the scheduler does: forms for the members taking part on the launch day.
        var opensAt = campaign.OpensAtUtc;
        await using (var tx = await connection.BeginTransactionAsync(cancellationToken))
        {
            var draft = (await campaigns.GetAsync(connection, tx, result.CampaignId))!;
            if (CampaignValidator.CheckOpen(draft, opensAt) is { } refused)
            {
                throw new InvalidOperationException(refused);
            }

            await campaigns.OpenAsync(connection, tx, result.CampaignId, opensAt, opensAt);
            var participants = await campaigns.ParticipantMemberIdsAsync(connection, tx, result.CampaignId);
            await campaigns.InsertMissingFormsAsync(connection, tx, result.CampaignId, participants, opensAt);

            // Members recorded after the opening (no form unless the officer creates it), and adhesions ended since.
            foreach (var member in _members.Where(m => m.RecordedAfterOpening))
            {
                await AddMemberAsync(connection, tx, groups, memberRepository, result, member, now);
            }

            await tx.CommitAsync(cancellationToken);
        }

        var filledAt = opensAt.AddDays(1);
        foreach (var spec in _forms)
        {
            var memberId = result.MemberId(spec.Member);
            if (spec.CreatedByOfficer)
            {
                // The officer's "create the form" of a late member: only for a member taking part, as the app checks.
                await using var created = await connection.BeginTransactionAsync(cancellationToken);
                var participants = await campaigns.ParticipantMemberIdsAsync(connection, created, result.CampaignId);
                if (!participants.Contains(memberId))
                {
                    throw new InvalidOperationException($"{spec.Member} does not take part: the officer cannot create its form.");
                }

                await campaigns.InsertMissingFormsAsync(connection, created, result.CampaignId, [memberId], filledAt);
                await created.CommitAsync(cancellationToken);
            }

            var savedAt = spec.SubmittedAtUtc ?? filledAt;
            var form = await lines.GetFormAsync(result.CampaignId, memberId, cancellationToken)
                ?? throw new InvalidOperationException($"{spec.Member} has no form: it did not take part at the opening (see ScenarioMember.AddedAfterOpening and ScenarioForm.ByOfficer).");
            result.Forms[spec.Member] = form.Id;
            await using var tx = await connection.BeginTransactionAsync(cancellationToken);
            var version = form.Version;
            var needLines = new List<NeedLine>();
            foreach (var line in spec.Lines)
            {
                var itemId = result.ItemId(line.Code);
                var item = result.ItemEntities[itemId];
                if (NeedLineRules.Quantity(item, line.Quantity, out var milli) is { } wrong)
                {
                    throw new InvalidOperationException($"{line.Code}: {wrong}");
                }

                long? siteId = line.Site is { } siteName ? await SiteIdAsync(connection, tx, sites, result, spec.Member, memberId, siteName, now) : null;
                needLines.Add(new NeedLine { CatalogueItemId = itemId, SiteId = siteId, QuantityMilli = milli, Comment = NeedLineRules.NormalizeComment(line.Comment) });
            }

            if (NeedLineRules.OverMaximum(result.ItemEntities.Values, needLines) is [var (_, message), ..])
            {
                throw new InvalidOperationException(message);
            }

            if (needLines.Count > 0 || spec.Status != NeedsFormStatus.Draft)
            {
                version = await lines.ReplaceLinesAsync(connection, tx, form.Id, version, submittedEditable: false, needLines, null, savedAt)
                    ?? throw new InvalidOperationException($"The form of {spec.Member} could not be saved.");
            }

            if (spec.Status != NeedsFormStatus.Draft)
            {
                Changed(await forms.SubmitAsync(connection, tx, form.Id, version++, null, savedAt), spec.Member, "submitted");
            }

            if (spec.Status == NeedsFormStatus.Validated)
            {
                Changed(await forms.ValidateAsync(connection, tx, form.Id, version, null, savedAt.AddHours(1)), spec.Member, "validated");
            }
            else if (spec.Status == NeedsFormStatus.Returned)
            {
                Changed(await forms.ReturnAsync(connection, tx, form.Id, version, spec.ReturnReason, false, null, savedAt.AddHours(1)), spec.Member, "returned");
            }

            await tx.CommitAsync(cancellationToken);
        }

        // Adhesions ended after the forms were created (an adhesion a campaign used can only be ended), then the closing.
        await using (var tx = await connection.BeginTransactionAsync(cancellationToken))
        {
            foreach (var member in _members.Where(m => m.LeftOn is not null))
            {
                var adhesion = result.Adhesions[member.Name];
                await groups.UpdateAdhesionAsync(connection, tx, new Adhesion
                {
                    Id = adhesion,
                    PurchasingGroupId = result.GroupId,
                    MemberId = result.MemberId(member.Name),
                    JoinedOn = member.JoinedOn,
                    LeftOn = member.LeftOn,
                    Version = 1,
                });
            }

            if (_status == CampaignStatus.Closed)
            {
                await campaigns.CloseAsync(connection, tx, result.CampaignId, campaign.ClosesAtUtc < now ? campaign.ClosesAtUtc : now);
            }

            await tx.CommitAsync(cancellationToken);
        }

        // The forms the opening (or the officer) created for the scenario's other members.
        foreach (var (name, memberId) in result.Members.Where(m => !result.Forms.ContainsKey(m.Key)).ToList())
        {
            if (await lines.GetFormAsync(result.CampaignId, memberId, cancellationToken) is { } form)
            {
                result.Forms[name] = form.Id;
            }
        }

        return result;
    }

    private async Task AddMemberAsync(DbConnection connection, DbTransaction tx, PurchasingGroupRepository groups, MemberRepository members, ScenarioResult result, ScenarioMember spec, DateTime now)
    {
        var existing = spec.Existing
            ? (await members.ListAllAsync(connection, tx)).Where(m => string.Equals(m.Name, spec.Name, StringComparison.Ordinal)).MinBy(m => m.Id)
            : null;
        var memberId = existing?.Id ?? await members.InsertAsync(connection, tx, new Member
        {
            Name = spec.Name + " " + _tag,
            Kind = spec.Kind,
            CreatedAtUtc = now,
            UpdatedAtUtc = now,
        });
        result.Members[spec.Name] = memberId;
        result.MemberNames[spec.Name] = existing?.Name ?? spec.Name + " " + _tag;
        var adhesion = (await groups.AdhesionsOfGroupAsync(connection, tx, result.GroupId)).FirstOrDefault(a => a.MemberId == memberId);
        result.Adhesions[spec.Name] = adhesion?.Id ?? await groups.AddAdhesionAsync(connection, tx, new Adhesion
        {
            PurchasingGroupId = result.GroupId,
            MemberId = memberId,
            JoinedOn = spec.JoinedOn,
        });
    }

    private static async Task<long> SiteIdAsync(DbConnection connection, DbTransaction tx, MemberSiteRepository sites, ScenarioResult result, string member, long memberId, string name, DateTime now)
    {
        var key = (member, name);
        if (!result.Sites.TryGetValue(key, out var id))
        {
            id = await sites.InsertAsync(connection, tx, new MemberSite { MemberId = memberId, Name = name, CommuneInsee = "80021", CreatedAtUtc = now });
            result.Sites[key] = id;
        }

        return id;
    }

    private static void Refuse(IReadOnlyList<(string Field, string Message)> errors)
    {
        if (errors.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", errors.Select(e => $"{e.Field}: {e.Message}")));
        }
    }

    private static void Changed(int rows, string member, string what)
    {
        if (rows != 1)
        {
            throw new InvalidOperationException($"The form of {member} could not be {what}.");
        }
    }

    /// <summary>
    /// i9-contracts: an accord-cadre à bons de commande recorded without a tender (as the « Enregistrer un marché existant »
    /// form writes it): <paramref name="items"/> (label, unit price in ten-thousandths, annual) numbered from 1, and the
    /// members taking part with their quantity (thousandths) of each item. Returns the contract's id.
    /// </summary>
    public static async Task<long> ContractAsync(
        IDbConnectionFactory factory,
        long groupId,
        long supplierId,
        string reference,
        long maximumCents,
        IReadOnlyList<(string Label, long UnitPriceTenThousandths)> items,
        IReadOnlyList<(long MemberId, long[] QuantitiesMilli)> members)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(members);
        var contracts = new ProcurementGroup.Data.Contracts.ContractRepository(factory);
        var now = DateTime.UtcNow;
        await using var connection = await factory.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var id = await contracts.InsertAsync(connection, tx, new ProcurementGroup.Data.Contracts.ContractRecord
        {
            PurchasingGroupId = groupId,
            Reference = reference,
            Title = "Marché " + reference,
            SupplierId = supplierId,
            SignedOn = new DateOnly(2024, 6, 14),
            NotifiedOn = new DateOnly(2024, 6, 28),
            StartsOn = new DateOnly(2024, 9, 1),
            DurationMonths = 48,
            AmountCents = maximumCents,
            IsMaximum = true,
            CpvCode = "48190000-6",
            PriceForm = "Unitaire",
            ContractForm = ContractForm.FrameworkPurchaseOrders,
            Version = 1,
            CreatedAtUtc = now,
            UpdatedAtUtc = now,
        });
        var itemIds = new List<long>();
        for (var i = 0; i < items.Count; i++)
        {
            itemIds.Add(await contracts.InsertItemAsync(connection, tx, new ProcurementGroup.Data.Contracts.ContractItemRow
            {
                ContractId = id,
                Position = i + 1,
                Label = items[i].Label,
                Unit = "unité",
                UnitPriceTenThousandths = items[i].UnitPriceTenThousandths,
                PricePeriod = PricePeriod.Annual,
            }));
        }

        foreach (var (memberId, quantities) in members)
        {
            await contracts.InsertMemberAsync(connection, tx, id, memberId);
            for (var i = 0; i < quantities.Length && i < itemIds.Count; i++)
            {
                await contracts.InsertQuantityAsync(connection, tx, id, memberId, itemIds[i], quantities[i]);
            }
        }

        await tx.CommitAsync();
        return id;
    }

    /// <summary>
    /// An issued allocation run for the first quarter of 2026 over <paramref name="memberIds"/>, with one statement each,
    /// saved and issued through the app's <see cref="AllocationRunRepository"/> (as the costs preview and « Émettre » do),
    /// their PDFs not generated yet. <paramref name="lines"/> cost lines (no contract) are shared equally: line k costs
    /// 1 000 × k cents HT per member with 20 % VAT, plus a 2 % coordination fee; so with 2 lines each member owes 3 060
    /// cents HT, 612 VAT, 3 672 TTC. Numbers come from the year's counter, as issuing numbers them.
    /// </summary>
    public static async Task<ScenarioIssuedRun> IssuedRunWithStatementsAsync(IDbConnectionFactory factory, long groupId, IReadOnlyList<long> memberIds, int lines = 2)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(memberIds);
        var runs = new AllocationRunRepository(factory);
        var n = memberIds.Count;
        var participants = memberIds.Select(m => new Participant(m, m.ToString(CultureInfo.InvariantCulture))).ToList();
        var equal = AllocationWeights.Compute(AllocationKey.By(AllocationBasis.Equal), participants);
        var costLines = Enumerable.Range(1, lines)
            .Select(k => new CostLine(-k, $"Facture F-{k.ToString(CultureInfo.InvariantCulture)}", new Core.Money.Money(1_000L * k * n), 2000, equal))
            .ToList();
        var run = AllocationRun.Compute(costLines, new CoordinationFee(CoordinationFeeKind.Percent, 200, 2000));
        var sources = costLines.Select(l => new RunLineSource(l.Id, null, null, "Parts égales")).ToList();
        var issuedAt = new DateTime(2026, 4, 15, 8, 0, 0, DateTimeKind.Utc);
        var runId = await runs.SavePreviewAsync(groupId, new AllocationPeriod(new DateOnly(2026, 1, 1), new DateOnly(2026, 3, 31)), run, sources, issuedAt);

        await using var connection = await factory.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var outcome = await runs.IssueAsync(connection, tx, runId, 1, DateOnly.FromDateTime(issuedAt), issuedAt, null);
        if (outcome.Status != IssueStatus.Issued)
        {
            throw new InvalidOperationException($"The scenario's run {runId} was not issued: {outcome.Status}");
        }

        var ids = (await connection.QueryAsync<(long MemberId, long Id)>("SELECT MemberId, Id FROM Statements WHERE RunId = @runId", new { runId }, tx))
            .ToDictionary(r => r.MemberId, r => r.Id);
        await tx.CommitAsync();
        return new ScenarioIssuedRun(runId, ids, outcome.Statements.ToDictionary(st => st.MemberId, st => st.Number));
    }

    // i9-limits
    /// <summary>
    /// A contract recorded without a tender with all its DECP fields (as « Enregistrer un marché existant » saves one: an
    /// accord-cadre à bons de commande of services, open procedure, the Somme's defaults), through <see cref="ContractAsync"/>
    /// and the app's repository; nothing refers to it yet, so its initial data can still be corrected.
    /// </summary>
    public static async Task<long> RecordedContractAsync(IDbConnectionFactory factory, long groupId, long supplierId, string reference, IReadOnlyList<(long MemberId, long[] QuantitiesMilli)> members)
    {
        var id = await ContractAsync(factory, groupId, supplierId, reference, 48_000_000, [("Licence élève", 42_000)], members);
        var contracts = new ProcurementGroup.Data.Contracts.ContractRepository(factory);
        var contract = (await contracts.GetAsync(id))!;
        var decp = ProcurementGroup.Core.Tenders.DecpCodes.Defaults(ContractForm.FrameworkPurchaseOrders, "80");
        contract.Nature = PurchaseNature.Services;
        contract.ProcedureType = ProcurementGroup.Core.Tenders.TenderProcedure.OpenCallForTenders;
        contract.Techniques = ProcurementGroup.Core.Tenders.DecpCodes.Join(decp.Techniques);
        contract.ModalitesExecution = ProcurementGroup.Core.Tenders.DecpCodes.Join(decp.ModalitesExecution);
        contract.MarcheInnovant = decp.MarcheInnovant;
        contract.Ccag = decp.Ccag;
        contract.AttributionAvance = decp.AttributionAvance;
        contract.TypeGroupementOperateurs = decp.TypeGroupementOperateurs;
        contract.LieuExecutionCode = decp.LieuExecutionCode;
        contract.LieuExecutionTypeCode = decp.LieuExecutionTypeCode;
        contract.TypesPrix = ProcurementGroup.Core.Tenders.DecpCodes.Join(decp.TypesPrix);
        contract.PriceForm = decp.FormePrix;
        contract.ConsiderationsSociales = ProcurementGroup.Core.Tenders.DecpCodes.Join(decp.ConsiderationsSociales);
        contract.ConsiderationsEnvironnementales = ProcurementGroup.Core.Tenders.DecpCodes.Join(decp.ConsiderationsEnvironnementales);
        contract.OffresRecues = 3;
        contract.SousTraitanceDeclaree = false;
        await using var connection = await factory.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        if (!await contracts.CorrectInitialAsync(connection, tx, contract, DateTime.UtcNow))
        {
            throw new InvalidOperationException($"The scenario's contract {reference} could not be completed.");
        }
        await tx.CommitAsync();
        return id;
    }

    // i10-decp: contracts with their DECP fields and amendments, as the « Enregistrer un marché existant » form and the
    // amendment form write them (ContractRepository), for the open-data tests and benchmark.

    /// <summary>
    /// A contract recorded without a tender with the DECP fields of <paramref name="decp"/> (the tender's defaults when
    /// null): no item nor participant (the DECP export reads neither). Returns its id.
    /// </summary>
    public static async Task<long> DecpContractAsync(
        IDbConnectionFactory factory,
        long groupId,
        long supplierId,
        string reference,
        long amountCents,
        DateOnly? notifiedOn,
        ContractForm form = ContractForm.FrameworkPurchaseOrders,
        ProcurementGroup.Core.Tenders.DecpFields? decp = null,
        long? accordCadreContractId = null,
        string? lotLabel = null,
        int durationMonths = 48,
        int? offresRecues = 3,
        bool? sousTraitanceDeclaree = false,
        ProcurementGroup.Core.Tenders.TenderProcedure procedure = ProcurementGroup.Core.Tenders.TenderProcedure.OpenCallForTenders)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var d = decp ?? ProcurementGroup.Core.Tenders.DecpCodes.Defaults(form, "80");
        var contracts = new ProcurementGroup.Data.Contracts.ContractRepository(factory);
        var now = DateTime.UtcNow;
        await using var connection = await factory.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var signedOn = (notifiedOn ?? new DateOnly(2026, 1, 15)).AddDays(-7);
        var id = await contracts.InsertAsync(connection, tx, new ProcurementGroup.Data.Contracts.ContractRecord
        {
            PurchasingGroupId = groupId,
            Reference = reference,
            Title = "Marché " + reference,
            LotLabel = lotLabel,
            SupplierId = supplierId,
            SignedOn = signedOn,
            NotifiedOn = notifiedOn,
            StartsOn = notifiedOn,
            DurationMonths = durationMonths,
            AmountCents = amountCents,
            IsMaximum = form != ContractForm.Ordinary,
            CpvCode = "64200000-8",
            PriceForm = d.FormePrix,
            AccordCadreContractId = accordCadreContractId,
            Nature = PurchaseNature.Services,
            ProcedureType = procedure,
            ContractForm = form,
            Techniques = ProcurementGroup.Core.Tenders.DecpCodes.Join(d.Techniques),
            ModalitesExecution = ProcurementGroup.Core.Tenders.DecpCodes.Join(d.ModalitesExecution),
            MarcheInnovant = d.MarcheInnovant,
            Ccag = d.Ccag,
            AttributionAvance = d.AttributionAvance,
            TypeGroupementOperateurs = d.TypeGroupementOperateurs,
            LieuExecutionCode = d.LieuExecutionCode,
            LieuExecutionTypeCode = d.LieuExecutionTypeCode,
            TypesPrix = ProcurementGroup.Core.Tenders.DecpCodes.Join(d.TypesPrix),
            ConsiderationsSociales = ProcurementGroup.Core.Tenders.DecpCodes.Join(d.ConsiderationsSociales),
            ConsiderationsEnvironnementales = ProcurementGroup.Core.Tenders.DecpCodes.Join(d.ConsiderationsEnvironnementales),
            OffresRecues = offresRecues,
            SousTraitanceDeclaree = sousTraitanceDeclaree,
            Version = 1,
            CreatedAtUtc = now,
            UpdatedAtUtc = now,
        });
        await tx.CommitAsync();
        return id;
    }

    /// <summary>An amendment numbered <paramref name="number"/> (new amount, duration or holder; null keeps it), bumping the contract's version as the amendment form does.</summary>
    public static async Task<long> AmendmentAsync(
        IDbConnectionFactory factory, long contractId, int number, DateOnly signedOn, long? newAmountCents, int? newDurationMonths = null, long? newSupplierId = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var contracts = new ProcurementGroup.Data.Contracts.ContractRepository(factory);
        var now = DateTime.UtcNow;
        await using var connection = await factory.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var version = await connection.ExecuteScalarAsync<int>("SELECT Version FROM Contracts WHERE Id = @contractId", new { contractId }, tx);
        if (!await contracts.TouchAsync(connection, tx, contractId, version, now))
        {
            throw new InvalidOperationException($"Contract {contractId} changed while amending it.");
        }

        var id = await contracts.InsertAmendmentAsync(connection, tx, new ProcurementGroup.Data.Contracts.ContractAmendmentRow
        {
            ContractId = contractId,
            Number = number,
            SignedOn = signedOn,
            NotifiedOn = signedOn.AddDays(2),
            NewAmountCents = newAmountCents,
            NewDurationMonths = newDurationMonths,
            NewSupplierId = newSupplierId,
            Reason = "Avenant " + number.ToString(CultureInfo.InvariantCulture),
            CreatedAtUtc = now,
        });
        await tx.CommitAsync();
        return id;
    }
}

/// <summary>An issued run arranged by <see cref="Scenario.IssuedRunWithStatementsAsync"/>: its id, and each member's statement id and number.</summary>
public sealed record ScenarioIssuedRun(long RunId, IReadOnlyDictionary<long, long> StatementIds, IReadOnlyDictionary<long, string> Numbers);

public sealed class ScenarioMember(string name)
{
    public string Name { get; } = name;

    public MemberKind Kind { get; private set; } = MemberKind.CommunauteCommunes;

    public DateOnly JoinedOn { get; private set; } = new(2024, 1, 1);

    public DateOnly? LeftOn { get; private set; }

    public bool RecordedAfterOpening { get; private set; }

    public bool Existing { get; private set; }

    /// <summary>An existing member of this exact name (a demo member), not a new one.</summary>
    public ScenarioMember Exists()
    {
        Existing = true;
        return this;
    }

    public ScenarioMember OfKind(MemberKind kind)
    {
        Kind = kind;
        return this;
    }

    public ScenarioMember Joined(DateOnly day)
    {
        JoinedOn = day;
        return this;
    }

    /// <summary>The adhesion ends on <paramref name="day"/>, recorded after the forms were created.</summary>
    public ScenarioMember Left(DateOnly day)
    {
        LeftOn = day;
        return this;
    }

    /// <summary>The member (and its adhesion) is recorded after the opening: it has no form until the officer creates one.</summary>
    public ScenarioMember AddedAfterOpening()
    {
        RecordedAfterOpening = true;
        return this;
    }
}

public sealed class ScenarioCampaign(string title)
{
    private static readonly DateTime Today = DateTime.UtcNow.Date;

    public string Title { get; } = title;

    public DateTime OpensAtUtc { get; private set; } = Today.AddDays(-10).AddHours(6);

    public DateTime ClosesAtUtc { get; private set; } = Today.AddDays(30).AddHours(16);

    public DateOnly? LaunchDate { get; private set; }

    public int DurationMonths { get; private set; } = 36;

    public PurchaseNature Nature { get; private set; } = PurchaseNature.Supplies;

    public ContractForm Form { get; private set; } = ContractForm.Ordinary;

    internal List<ScenarioLot> Lots { get; } = [];

    public ScenarioCampaign Dates(DateTime opensUtc, DateTime closesUtc)
    {
        OpensAtUtc = opensUtc;
        ClosesAtUtc = closesUtc;
        return this;
    }

    public ScenarioCampaign Launch(DateOnly day)
    {
        LaunchDate = day;
        return this;
    }

    public ScenarioCampaign Duration(int months)
    {
        DurationMonths = months;
        return this;
    }

    public ScenarioCampaign Of(PurchaseNature nature)
    {
        Nature = nature;
        return this;
    }

    public ScenarioCampaign Contract(ContractForm form)
    {
        Form = form;
        return this;
    }

    public ScenarioCampaign Lot(int number, string title, Action<ScenarioLot> configure, long? maximumCents = null)
    {
        var lot = new ScenarioLot(number, title, maximumCents);
        configure(lot);
        Lots.Add(lot);
        return this;
    }

    internal NeedsCampaign ToEntity(long groupId, DateTime now) => new()
    {
        PurchasingGroupId = groupId,
        Title = Title,
        OpensAtUtc = OpensAtUtc,
        ClosesAtUtc = ClosesAtUtc,
        PlannedLaunchDate = LaunchDate ?? DateOnly.FromDateTime(OpensAtUtc.AddDays(90)),
        DurationMonths = DurationMonths,
        Nature = Nature,
        ContractForm = Form,
        Status = CampaignStatus.Draft,
        CreatedAtUtc = now,
        UpdatedAtUtc = now,
    };
}

public sealed class ScenarioLot(int number, string title, long? maximumCents)
{
    public int Number { get; } = number;

    public string Title { get; } = title;

    public long? MaximumCents { get; } = maximumCents;

    internal List<ScenarioItem> Items { get; } = [];

    /// <summary>An item priced <paramref name="unitPriceCents"/> HT per <paramref name="period"/>; whole numbers, 20 % VAT unless configured.</summary>
    public ScenarioLot Item(string code, long unitPriceCents, PricePeriod period, Action<ScenarioItem>? configure = null)
    {
        var item = new ScenarioItem(code, unitPriceCents, period);
        configure?.Invoke(item);
        Items.Add(item);
        return this;
    }
}

public sealed class ScenarioItem(string code, long unitPriceCents, PricePeriod period)
{
    public string Code { get; } = code;

    public string Label { get; private set; } = "Article " + code;

    public string Unit { get; private set; } = "unité";

    public bool WholeNumbersOnly { get; private set; } = true;

    public int VatBasisPoints { get; private set; } = 2000;

    public long? MaxPerMemberMilli { get; private set; }

    public QuantityBasis Basis { get; private set; } = QuantityBasis.WholeDuration;

    public ScenarioItem Labelled(string label, string unit)
    {
        Label = label;
        Unit = unit;
        return this;
    }

    public ScenarioItem Fractions()
    {
        WholeNumbersOnly = false;
        return this;
    }

    public ScenarioItem Vat(int basisPoints)
    {
        VatBasisPoints = basisPoints;
        return this;
    }

    public ScenarioItem MaxPerMember(decimal quantity)
    {
        MaxPerMemberMilli = (long)(quantity * 1000);
        return this;
    }

    public ScenarioItem PerYear()
    {
        Basis = QuantityBasis.PerYear;
        return this;
    }

    internal CatalogueItem ToEntity(long campaignId, long lotId, int sort) => new()
    {
        CampaignId = campaignId,
        LotId = lotId,
        Code = Code,
        Label = Label,
        Unit = Unit,
        WholeNumbersOnly = WholeNumbersOnly,
        UnitPriceCents = unitPriceCents,
        PricePeriod = period,
        QuantityBasis = Basis,
        VatRateBasisPoints = VatBasisPoints,
        MaxPerMemberMilli = MaxPerMemberMilli,
        SortOrder = sort,
    };
}

public sealed class ScenarioForm(string member)
{
    public string Member { get; } = member;

    public NeedsFormStatus Status { get; private set; } = NeedsFormStatus.Draft;

    public string ReturnReason { get; private set; } = "Merci de préciser vos besoins.";

    public bool CreatedByOfficer { get; private set; }

    internal List<(string Code, decimal Quantity, string? Site, string? Comment)> Lines { get; } = [];

    /// <summary>A line of <paramref name="quantity"/> (in the item's unit) of item <paramref name="code"/>, optionally on a site of the member (created if new).</summary>
    public ScenarioForm Line(string code, decimal quantity, string? site = null, string? comment = null)
    {
        Lines.Add((code, quantity, site, comment));
        return this;
    }

    /// <summary>Saved and submitted at <paramref name="atUtc"/> (by default the day after the opening).</summary>
    public ScenarioForm Submitted(DateTime? atUtc = null)
    {
        Status = NeedsFormStatus.Submitted;
        SubmittedAtUtc = atUtc;
        return this;
    }

    public DateTime? SubmittedAtUtc { get; private set; }

    public ScenarioForm Validated(DateTime? submittedAtUtc = null)
    {
        Status = NeedsFormStatus.Validated;
        SubmittedAtUtc = submittedAtUtc;
        return this;
    }

    public ScenarioForm Returned(string? reason = null)
    {
        Status = NeedsFormStatus.Returned;
        ReturnReason = reason ?? ReturnReason;
        return this;
    }

    /// <summary>The form of a member recorded after the opening, created by the officer (it must take part).</summary>
    public ScenarioForm ByOfficer()
    {
        CreatedByOfficer = true;
        return this;
    }
}

/// <summary>The ids a test needs, by the names the scenario used.</summary>
public sealed class ScenarioResult(string tag)
{
    public string Tag { get; } = tag;

    public long GroupId { get; internal set; }

    public long CampaignId { get; internal set; }

    public string CampaignTitle { get; internal set; } = string.Empty;

    internal Dictionary<string, long> Members { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, string> MemberNames { get; } = new(StringComparer.Ordinal);

    internal Dictionary<string, long> Adhesions { get; } = new(StringComparer.Ordinal);

    internal Dictionary<int, long> Lots { get; } = [];

    internal Dictionary<string, long> Items { get; } = new(StringComparer.Ordinal);

    internal Dictionary<long, CatalogueItem> ItemEntities { get; } = [];

    internal Dictionary<string, long> Forms { get; } = new(StringComparer.Ordinal);

    internal Dictionary<(string Member, string Site), long> Sites { get; } = [];

    public long MemberId(string name) => Members.TryGetValue(name, out var id) ? id : throw new KeyNotFoundException($"No member {name} in the scenario.");

    /// <summary>The member's stored name (a new member's name carries the scenario's tag, so that scenarios never collide).</summary>
    public string MemberName(string name) => MemberNames[name];

    public long AdhesionId(string member) => Adhesions[member];

    public long LotId(int number) => Lots[number];

    public long ItemId(string code) => Items.TryGetValue(code, out var id) ? id : throw new KeyNotFoundException($"No item {code} in the scenario.");

    public long FormId(string member) => Forms.TryGetValue(member, out var id) ? id : throw new KeyNotFoundException($"No form arranged for {member}.");

    public long SiteId(string member, string site) => Sites[(member, site)];

    public string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}

using System.Data.Common;
using Dapper;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Needs;
using ProcurementGroup.Web.Infrastructure.Seeding;

namespace ProcurementGroup.Web.Features.NeedsForms;

/// <summary>
/// Demo step 50: members' sites and needs forms for the two demo campaigns created at step 40 (looked up by title).
/// Closed telecom campaign: lines for 15 of the 16 members with quantities derived from their population (11 validated
/// or submitted, 2 returned with a reason, 2 drafts), "CC du Grand Roye" left an empty draft. Open ENT campaign: each
/// member's 2025 pupil count (11 % of its municipal population) and ENT-ELEVE lines for about half of them, "CC du
/// Vimeu" left empty (the browser test fills it). Deterministic: the same data on every run.
/// </summary>
public sealed class NeedsFormsDemoSeed(IDbConnectionFactory factory, IMemberSiteRepository sites, TimeProvider clock, ILogger<NeedsFormsDemoSeed> logger) : IDemoSeedStep
{
    public const string TelecomTitle = "Télécommunications 2027-2030";
    public const string EntTitle = "ENT collèges et écoles 2027-2029";
    public const string EmptyTelecomMember = "CC du Grand Roye";
    public const string EmptyEntMember = "CC du Vimeu";
    public const int BaseYear = 2025;

    /// <summary>The four most populous communes of each member (INSEE code and name, DGCL/INSEE 2025): where its sites are.</summary>
    private static readonly Dictionary<string, (string Insee, string Name)[]> Communes = new(StringComparer.Ordinal)
    {
        ["Département de la Somme"] = [("80021", "Amiens"), ("80001", "Abbeville"), ("80016", "Albert"), ("80620", "Péronne")],
        ["CC des Villes Soeurs"] = [("80533", "Mers-les-Bains"), ("80373", "Gamaches"), ("80039", "Ault"), ("80714", "Saint-Quentin-la-Motte-Croix-au-Bailly")],
        ["CC de la Haute Somme (Combles - Péronne - Roisel)"] = [("80620", "Péronne"), ("80677", "Roisel"), ("80240", "Doingt"), ("80552", "Moislains")],
        ["CC Terre de Picardie"] = [("80680", "Rosières-en-Santerre"), ("80186", "Chaulnes"), ("80417", "Harbonnières"), ("80644", "Proyart")],
        ["CC Ponthieu-Marquenterre"] = [("80688", "Rue"), ("80228", "Le Crotoy"), ("80635", "Pont-Remy"), ("80222", "Crécy-en-Ponthieu")],
        ["CC du Vimeu"] = [("80368", "Friville-Escarbotin"), ("80308", "Feuquières-en-Vimeu"), ("80360", "Fressenneville"), ("80827", "Woincourt")],
        ["CC du Territoire Nord Picardie"] = [("80253", "Doullens"), ("80316", "Flesselles"), ("80071", "Beauval"), ("80798", "Villers-Bocage")],
        ["CC Avre Luce Noye"] = [("80570", "Moreuil"), ("80010", "Ailly-sur-Noye"), ("80415", "Hangest-en-Santerre"), ("80652", "Le Quesnel")],
        ["CC du Grand Roye"] = [("80561", "Montdidier"), ("80685", "Roye"), ("80625", "Trois-Rivières"), ("80101", "Beuvraignes")],
        ["CC de l'Est de la Somme"] = [("80410", "Ham"), ("80585", "Nesle"), ("80274", "Eppeville"), ("80442", "Hombleux")],
        ["CA de la Baie de Somme"] = [("80001", "Abbeville"), ("80721", "Saint-Valery-sur-Somme"), ("80182", "Cayeux-sur-Mer"), ("80488", "Longpré-les-Corps-Saints")],
        ["CC Somme Sud-Ouest"] = [("80630", "Poix-de-Picardie"), ("80013", "Airaines"), ("80211", "Conty"), ("80443", "Hornoy-le-Bourg")],
        ["CC Nièvre et Somme"] = [("80318", "Flixecourt"), ("80011", "Ailly-sur-Somme"), ("80793", "Vignacourt"), ("80706", "Saint-Léger-lès-Domart")],
        ["CC du Val de Somme"] = [("80212", "Corbie"), ("80799", "Villers-Bretonneux"), ("80338", "Fouilloy"), ("80507", "Marcelcave")],
        ["CA Amiens Métropole"] = [("80021", "Amiens"), ("80489", "Longueau"), ("80164", "Camon"), ("80725", "Salouël")],
        ["CC du Pays du Coquelicot"] = [("80016", "Albert"), ("80523", "Méaulte"), ("80136", "Bray-sur-Somme"), ("80431", "Hérissart")],
    };

    private static readonly string[] ReturnReasons =
    [
        "Le nombre de lignes fixes analogiques paraît élevé au regard de vos sites : merci de vérifier et de préciser les sites concernés.",
        "Les accès fibre doivent être déclarés site par site : merci de rattacher chaque accès à l'un de vos sites.",
    ];

    public int Order => 50;

    private sealed record MemberRow(long Id, string Name, long Population);

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        var telecom = await CampaignIdAsync(connection, TelecomTitle);
        var ent = await CampaignIdAsync(connection, EntTitle);
        if (telecom is null && ent is null)
        {
            logger.LogInformation("Demo needs forms skipped: the demo campaigns ({Telecom}, {Ent}) do not exist yet (step 40).", TelecomTitle, EntTitle);
            return;
        }

        var members = (await connection.QueryAsync<MemberRow>(
            """
            SELECT m.Id, m.Name, COALESCE(b.PopulationMunicipale, 0) AS Population FROM Members m
            LEFT JOIN MemberAllocationBases b ON b.MemberId = m.Id AND b.Year = @BaseYear
            ORDER BY m.Id
            """, new { BaseYear })).ToList();
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (telecom is { } telecomId)
        {
            await SeedTelecomAsync(connection, tx, telecomId, members);
        }
        else
        {
            logger.LogInformation("Demo campaign {Title} not found: its forms are not seeded.", TelecomTitle);
        }

        if (ent is { } entId)
        {
            await SeedEntAsync(connection, tx, entId, members);
        }
        else
        {
            logger.LogInformation("Demo campaign {Title} not found: its forms are not seeded.", EntTitle);
        }

        await tx.CommitAsync(cancellationToken);
    }

    private static Task<long?> CampaignIdAsync(DbConnection connection, string title) =>
        connection.QuerySingleOrDefaultAsync<long?>("SELECT Id FROM NeedsCampaigns WHERE Title = @title", new { title });

    private async Task SeedTelecomAsync(DbConnection connection, DbTransaction tx, long campaignId, IReadOnlyList<MemberRow> members)
    {
        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM NeedLines WHERE CampaignId = @campaignId", new { campaignId }, tx) > 0)
        {
            return;
        }

        var items = (await connection.QueryAsync<(long Id, string Code)>("SELECT Id, Code FROM CatalogueItems WHERE CampaignId = @campaignId", new { campaignId }, tx))
            .ToDictionary(i => i.Code, i => i.Id, StringComparer.Ordinal);
        var officerId = await UserIdAsync(connection, tx, "MARCHES@DEMO.LOCAL");
        var submittedAt = new DateTime(2026, 10, 5, 9, 0, 0, DateTimeKind.Utc);
        var position = 0;
        foreach (var (member, index) in members.Select((m, i) => (m, i)))
        {
            var formId = await EnsureFormAsync(connection, tx, campaignId, member.Id);
            var memberSites = await EnsureSitesAsync(connection, tx, member, 2 + (index % 3));
            if (member.Name == EmptyTelecomMember)
            {
                continue;
            }

            var pop = member.Population;
            var lines = new List<NeedLine>();
            void Add(string code, long quantity, long? siteId = null, string? comment = null)
            {
                if (items.TryGetValue(code, out var itemId))
                {
                    lines.Add(new NeedLine { CatalogueItemId = itemId, SiteId = siteId, QuantityMilli = quantity * EstimatedValue.QuantityScale, Comment = comment });
                }
            }

            Add("MOB-VOIX", Math.Max(2, pop / 1500));
            Add("MOB-TERM", Math.Max(1, pop / 6000), comment: pop > 100_000 ? "Pour les équipes techniques et d'astreinte." : null);
            Add("SIM-DATA", Math.Max(1, pop / 4000));
            foreach (var site in memberSites)
            {
                // 2 to 12 fibre accesses per member: 1 to 3 per site, more for the larger members.
                Add("FIBRE-SITE", 1 + Math.Min(2, pop / 50_000), site.Id);
            }

            Add("FIXE-LIGNE", Math.Max(2, pop / 2500));
            Add("FIXE-TRONC", Math.Min(5, 1 + (pop / 40_000)));

            // 11 validated or submitted, 2 returned with a reason, 2 drafts (not submitted), in member order.
            var (status, reason) = position switch
            {
                < 7 => (NeedsFormStatus.Validated, (string?)null),
                < 11 => (NeedsFormStatus.Submitted, null),
                < 13 => (NeedsFormStatus.Returned, ReturnReasons[position - 11]),
                _ => (NeedsFormStatus.Draft, null),
            };
            var at = submittedAt.AddHours(position * 7);
            var buyerId = await connection.QuerySingleOrDefaultAsync<long?>(
                "SELECT MIN(UserId) FROM UserMembers WHERE MemberId = @memberId", new { memberId = member.Id }, tx);
            await InsertLinesAsync(connection, tx, formId, campaignId, member.Id, lines);
            await connection.ExecuteAsync(
                """
                UPDATE NeedsForms SET Status = @status, ReturnReason = @reason,
                    SubmittedAtUtc = @submitted, SubmittedByUserId = @submittedBy,
                    ValidatedAtUtc = @validated, ValidatedByUserId = @validatedBy, ReturnedAtUtc = @returned,
                    Version = Version + 1, UpdatedAtUtc = @updated, UpdatedByUserId = @updatedBy
                WHERE Id = @formId
                """,
                new
                {
                    formId,
                    status = (int)status,
                    reason,
                    submitted = status == NeedsFormStatus.Draft ? (DateTime?)null : at,
                    submittedBy = status == NeedsFormStatus.Draft ? null : buyerId,
                    validated = status == NeedsFormStatus.Validated ? at.AddDays(3) : (DateTime?)null,
                    validatedBy = status == NeedsFormStatus.Validated ? officerId : null,
                    returned = status == NeedsFormStatus.Returned ? at.AddDays(2) : (DateTime?)null,
                    updated = status switch { NeedsFormStatus.Validated => at.AddDays(3), NeedsFormStatus.Returned => at.AddDays(2), _ => at },
                    updatedBy = status is NeedsFormStatus.Validated or NeedsFormStatus.Returned ? officerId : buyerId,
                },
                tx);
            position++;
        }
    }

    private async Task SeedEntAsync(DbConnection connection, DbTransaction tx, long campaignId, IReadOnlyList<MemberRow> members)
    {
        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM NeedLines WHERE CampaignId = @campaignId", new { campaignId }, tx) > 0)
        {
            return;
        }

        var pupilItem = await connection.QuerySingleOrDefaultAsync<long?>(
            "SELECT Id FROM CatalogueItems WHERE CampaignId = @campaignId AND Code = 'ENT-ELEVE'", new { campaignId }, tx);
        var updated = new DateTime(2026, 11, 10, 10, 0, 0, DateTimeKind.Utc);
        foreach (var (member, index) in members.Select((m, i) => (m, i)))
        {
            // Pupils: 11 % of the municipal population, rounded (a demo estimate of the pupils in the member's schools).
            var pupils = (long)Math.Round(member.Population * 0.11m, MidpointRounding.AwayFromZero);
            await connection.ExecuteAsync(
                "UPDATE MemberAllocationBases SET Pupils = @pupils WHERE MemberId = @memberId AND Year = @BaseYear",
                new { pupils, memberId = member.Id, BaseYear }, tx);
            var formId = await EnsureFormAsync(connection, tx, campaignId, member.Id);
            if (pupilItem is null || member.Name == EmptyEntMember || index % 2 == 1 || pupils == 0)
            {
                continue;
            }

            await InsertLinesAsync(connection, tx, formId, campaignId, member.Id,
                [new NeedLine { CatalogueItemId = pupilItem.Value, QuantityMilli = pupils * EstimatedValue.QuantityScale, Comment = "Effectif estimé des élèves des écoles du territoire." }]);
            await connection.ExecuteAsync(
                "UPDATE NeedsForms SET Version = Version + 1, UpdatedAtUtc = @updated WHERE Id = @formId",
                new { formId, updated = updated.AddHours(index) }, tx);
        }
    }

    private static Task<long?> UserIdAsync(DbConnection connection, DbTransaction tx, string normalizedEmail) =>
        connection.QuerySingleOrDefaultAsync<long?>("SELECT Id FROM Users WHERE NormalizedEmail = @normalizedEmail", new { normalizedEmail }, tx);

    /// <summary>The member's form for the campaign: step 40 creates them; one missing (a member added since) is created here.</summary>
    private async Task<long> EnsureFormAsync(DbConnection connection, DbTransaction tx, long campaignId, long memberId)
    {
        var id = await connection.QuerySingleOrDefaultAsync<long?>(
            "SELECT Id FROM NeedsForms WHERE CampaignId = @campaignId AND MemberId = @memberId", new { campaignId, memberId }, tx);
        if (id is { } existing)
        {
            return existing;
        }

        return await connection.ExecuteScalarAsync<long>(
            factory.Dialect.InsertReturningId("NeedsForms", "CampaignId, MemberId, Status, Version, UpdatedAtUtc", "@campaignId, @memberId, 0, 1, @now"),
            new { campaignId, memberId, now = clock.GetUtcNow().UtcDateTime }, tx);
    }

    private async Task<IReadOnlyList<MemberSite>> EnsureSitesAsync(DbConnection connection, DbTransaction tx, MemberRow member, int count)
    {
        var existing = (await connection.QueryAsync<MemberSite>(
            "SELECT Id, MemberId, Name, Address, CommuneInsee, IsArchived, CreatedAtUtc FROM MemberSites WHERE MemberId = @Id AND IsArchived = 0 ORDER BY Id",
            new { member.Id }, tx)).ToList();
        if (existing.Count > 0 || !Communes.TryGetValue(member.Name, out var communes))
        {
            return existing;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        for (var i = 0; i < Math.Min(count, communes.Length); i++)
        {
            var (insee, commune) = communes[i];
            var site = new MemberSite
            {
                MemberId = member.Id,
                Name = i == 0 ? $"Siège – {commune}" : $"Antenne de {commune}",
                Address = i == 0 ? $"1 place de la Mairie, {commune}" : $"{(i * 12) + 3} rue de la République, {commune}",
                CommuneInsee = insee,
                CreatedAtUtc = now,
            };
            site.Id = await sites.InsertAsync(connection, tx, site);
            existing.Add(site);
        }

        return existing;
    }

    private static Task InsertLinesAsync(DbConnection connection, DbTransaction tx, long formId, long campaignId, long memberId, IEnumerable<NeedLine> lines) =>
        connection.ExecuteAsync(
            """
            INSERT INTO NeedLines (FormId, CampaignId, MemberId, CatalogueItemId, SiteId, SiteKey, QuantityMilli, Comment)
            VALUES (@FormId, @CampaignId, @MemberId, @CatalogueItemId, @SiteId, @SiteKey, @QuantityMilli, @Comment)
            """,
            lines.Select(l => new { FormId = formId, CampaignId = campaignId, MemberId = memberId, l.CatalogueItemId, l.SiteId, l.SiteKey, l.QuantityMilli, l.Comment }),
            tx);
}

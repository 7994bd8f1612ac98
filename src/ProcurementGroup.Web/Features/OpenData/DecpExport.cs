using System.Globalization;
using ProcurementGroup.Core.Identifiers;
using ProcurementGroup.Core.Money;
using ProcurementGroup.Core.OpenData;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.OpenData;

namespace ProcurementGroup.Web.Features.OpenData;

/// <summary>
/// From a stored contract to its DECP <c>marche</c>: the French messages of what prevents it (a missing or invalid
/// SIRET, CPV code, notification date or DECP field) or the marche itself. The export and the per-contract check both
/// use it, so that what is checked is what is published.
/// </summary>
public static class DecpMapping
{
    public const string CoordinatorSiretMissing = "Le SIRET du coordinateur n'est pas renseigné : saisissez-le sur la page Coordinateur (il identifie l'acheteur de chaque marché publié).";
    public const string CoordinatorSiretInvalid = "Le SIRET du coordinateur est invalide : corrigez-le sur la page Coordinateur.";
    public const string NotNotified = "La date de notification du marché n'est pas renseignée : un marché est publié une fois notifié.";
    public const string ProcedureMissing = "La procédure de passation du marché n'est pas renseignée.";
    public const string OffersMissing = "Le nombre d'offres reçues doit être d'au moins 1.";
    public const string DecpFieldsMissing = "Les champs DECP du marché (techniques d'achat, CCAG, lieu d'exécution, types de prix, considérations…) ne sont pas renseignés.";
    public const string AmountTooLow = "Le montant du marché doit être d'au moins 1 € HT.";
    public const string DurationTooShort = "La durée du marché doit être d'au moins un mois.";

    public static string SupplierSiretInvalid(string supplier) =>
        $"Le SIRET du titulaire « {supplier} » est absent ou invalide : corrigez-le sur la fiche du fournisseur.";

    public static string ReferenceTooLong(string reference) =>
        $"La référence « {reference} » dépasse 16 caractères : l'identifiant DECP d'un marché compte de 1 à 16 caractères.";

    /// <summary>
    /// The marche of <paramref name="contract"/>, or null with the reasons in <paramref name="errors"/>. The publication
    /// dates are those of the log (<paramref name="publishedOn"/>: null for the contract itself, the amendment's id for
    /// an amendment).
    /// </summary>
    public static DecpMarche? Build(
        DecpContractRow contract, IReadOnlyList<DecpAmendmentRow> amendments, string? coordinatorSiret, Func<long?, DateOnly> publishedOn, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(amendments);
        ArgumentNullException.ThrowIfNull(publishedOn);
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        if (string.IsNullOrWhiteSpace(coordinatorSiret))
        {
            errors.Add(CoordinatorSiretMissing);
        }
        else if (!Siret.IsValid(coordinatorSiret))
        {
            errors.Add(CoordinatorSiretInvalid);
        }

        if (contract.Reference.Length is 0 or > 16)
        {
            errors.Add(ReferenceTooLong(contract.Reference));
        }

        if (!Siret.IsValid(contract.SupplierSiret))
        {
            errors.Add(SupplierSiretInvalid(contract.SupplierName));
        }

        var cpv = CpvCode.Normalize(contract.CpvCode);
        if (cpv is null)
        {
            errors.Add("Code CPV du marché : " + CpvCode.Message);
        }

        if (contract.NotifiedOn is null)
        {
            errors.Add(NotNotified);
        }

        if (contract.ProcedureType is null)
        {
            errors.Add(ProcedureMissing);
        }

        if (contract.OffresRecues is null or < 1)
        {
            errors.Add(OffersMissing);
        }

        if (contract.AmountCents < 100)
        {
            errors.Add(AmountTooLow);
        }

        if (contract.DurationMonths < 1)
        {
            errors.Add(DurationTooShort);
        }

        var fields = Fields(contract);
        if (fields is null)
        {
            errors.Add(DecpFieldsMissing);
        }
        else
        {
            errors.AddRange(DecpCodes.Check(fields).Select(e => $"Champ DECP « {Label(e.Field)} » : {e.Message}"));
        }

        var modifications = new List<DecpModification>();
        foreach (var a in amendments)
        {
            var number = a.Number.ToString(CultureInfo.InvariantCulture);
            if (a.NewSupplierId is not null && !Siret.IsValid(a.NewSupplierSiret))
            {
                errors.Add($"Avenant n° {number} : le SIRET du nouveau titulaire « {a.NewSupplierName} » est absent ou invalide : corrigez-le sur la fiche du fournisseur.");
            }

            if (a.NewAmountCents is < 100)
            {
                errors.Add($"Avenant n° {number} : le nouveau montant doit être d'au moins 1 € HT.");
            }

            if (a.NewDurationMonths is < 1)
            {
                errors.Add($"Avenant n° {number} : la nouvelle durée doit être d'au moins un mois.");
            }

            modifications.Add(new DecpModification(
                a.Number,
                a.NotifiedOn ?? a.SignedOn,
                publishedOn(a.Id),
                a.NewDurationMonths,
                a.NewAmountCents,
                a.NewSupplierId is null ? null : [new DecpTitulaire(DecpCodes.TypeIdentifiantSiret, Siren.Compact(a.NewSupplierSiret))]));
        }

        if (errors.Count > before || fields is null || cpv is null || contract.NotifiedOn is null || contract.ProcedureType is null || coordinatorSiret is null)
        {
            return null;
        }

        return new DecpMarche(
            contract.Reference,
            Siren.Compact(coordinatorSiret),
            DecpCodes.NatureMarche,
            Objet(contract),
            cpv,
            fields.Techniques,
            fields.ModalitesExecution,
            contract.AccordCadreReference,
            fields.MarcheInnovant,
            fields.Ccag,
            contract.OffresRecues!.Value,
            fields.AttributionAvance,
            fields.TypeGroupementOperateurs,
            contract.SousTraitanceDeclaree ?? false,
            DecpCodes.Procedure(contract.ProcedureType.Value),
            fields.LieuExecutionCode,
            fields.LieuExecutionTypeCode,
            contract.DurationMonths,
            contract.NotifiedOn.Value,
            publishedOn(null),
            contract.AmountCents,
            fields.TypesPrix,
            fields.FormePrix,
            [new DecpTitulaire(DecpCodes.TypeIdentifiantSiret, Siren.Compact(contract.SupplierSiret))],
            fields.ConsiderationsSociales,
            fields.ConsiderationsEnvironnementales,
            modifications);
    }

    /// <summary>The title, and the lot after a dash (the schema allows 1 000 characters: a longer one is cut, never refused).</summary>
    public static string Objet(DecpContractRow contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var objet = string.IsNullOrWhiteSpace(contract.LotLabel) ? contract.Title : $"{contract.Title} – {contract.LotLabel}";
        return objet.Length <= 1000 ? objet : objet[..1000];
    }

    /// <summary>The schema's messages for a one-marche document, in French, without the document's prefix.</summary>
    public static IEnumerable<string> SchemaMessages(IEnumerable<string> schemaErrors) =>
        schemaErrors.Select(e =>
        {
            var text = e.StartsWith("marches.marche[0].", StringComparison.Ordinal) ? e["marches.marche[0].".Length..] : e;
            var colon = text.LastIndexOf(": ", StringComparison.Ordinal);
            return colon < 0
                ? $"Le schéma DECP 2.0.3 refuse ce marché ({text})."
                : $"Le schéma DECP 2.0.3 refuse le champ « {text[..colon]} » ({text[(colon + 2)..]}).";
        });

    private static DecpFields? Fields(DecpContractRow c)
    {
        if (c.Techniques is null || c.ModalitesExecution is null || c.MarcheInnovant is null || c.Ccag is null || c.AttributionAvance is null
            || c.TypeGroupementOperateurs is null || c.LieuExecutionCode is null || c.LieuExecutionTypeCode is null || c.TypesPrix is null
            || c.ConsiderationsSociales is null || c.ConsiderationsEnvironnementales is null)
        {
            return null;
        }

        return new DecpFields(
            DecpCodes.Split(c.Techniques),
            DecpCodes.Split(c.ModalitesExecution),
            c.MarcheInnovant.Value,
            c.Ccag,
            c.AttributionAvance.Value,
            c.TypeGroupementOperateurs,
            c.LieuExecutionCode,
            c.LieuExecutionTypeCode,
            DecpCodes.Split(c.TypesPrix),
            c.PriceForm,
            DecpCodes.Split(c.ConsiderationsSociales),
            DecpCodes.Split(c.ConsiderationsEnvironnementales));
    }

    private static string Label(string field) => field switch
    {
        nameof(DecpFields.Techniques) => "techniques d'achat",
        nameof(DecpFields.ModalitesExecution) => "modalités d'exécution",
        nameof(DecpFields.Ccag) => "CCAG",
        nameof(DecpFields.TypeGroupementOperateurs) => "type de groupement d'opérateurs",
        nameof(DecpFields.LieuExecutionCode) => "lieu d'exécution",
        nameof(DecpFields.LieuExecutionTypeCode) => "type de code du lieu d'exécution",
        nameof(DecpFields.TypesPrix) => "types de prix",
        nameof(DecpFields.FormePrix) => "forme du prix",
        nameof(DecpFields.ConsiderationsSociales) => "considérations sociales",
        nameof(DecpFields.ConsiderationsEnvironnementales) => "considérations environnementales",
        _ => field,
    };
}

/// <summary>The DECP check of one contract: <see cref="DecpMapping"/>'s reasons, then whatever the official schema still refuses.</summary>
public sealed class DecpContractValidator(IDecpSourceRepository source, OpenDataSchemas schemas, TimeProvider clock) : IOpenDataContractValidator
{
    public string Format => OpenDataFormats.Decp;

    public async Task<IReadOnlyList<string>> ValidateAsync(long contractId, CancellationToken ct)
    {
        var data = await source.ReadOneAsync(contractId, ct);
        if (data is null)
        {
            return [];
        }

        var today = ParisTime.Day(clock.GetUtcNow().UtcDateTime);
        var published = data.Publications.ToDictionary(p => p.AmendmentId ?? 0, p => p.FirstPublishedOn);
        var errors = new List<string>();
        var marche = DecpMapping.Build(data.Contracts[0], data.Amendments, data.CoordinatorSiret, id => published.GetValueOrDefault(id ?? 0, today), errors);
        if (marche is not null)
        {
            errors.AddRange(DecpMapping.SchemaMessages(schemas.ValidateDecp(DecpDocument.ToJson([marche]))));
        }

        return errors;
    }
}

/// <summary>What the DECP export publishes now.</summary>
public sealed record DecpExportResult(IReadOnlyList<DecpMarche> Marches, bool CoordinatorSiretMissing);

/// <summary>
/// The DECP export: every contract checked valid in every format whose amount reaches the DECP threshold
/// (<see cref="DecpPublication.IsRequired"/>) or that was already published, with its amendments as modifications. The
/// first time a contract or an amendment is exported its day is written in the publication log, and that day is its
/// datePublicationDonnees ever after. While the coordinator's SIRET is missing the list is empty.
/// </summary>
public sealed class DecpExport(IDecpSourceRepository source, IOpenDataRepository openData, OpenDataCheck check, TimeProvider clock)
{
    public async Task<DecpExportResult> PrepareAsync(CancellationToken ct = default)
    {
        await check.CheckStaleAsync(ct);
        var publishable = await check.PublishableContractIdsAsync(ct);
        var data = await source.ReadAllAsync(ct);
        if (string.IsNullOrWhiteSpace(data.CoordinatorSiret) || !Siret.IsValid(data.CoordinatorSiret))
        {
            return new DecpExportResult([], true);
        }

        var nowUtc = clock.GetUtcNow().UtcDateTime;
        var today = ParisTime.Day(nowUtc);
        var amendments = data.Amendments.ToLookup(a => a.ContractId);
        var contractLog = data.Publications.Where(p => p.AmendmentId is null).ToDictionary(p => p.ContractId, p => p.FirstPublishedOn);
        var amendmentLog = data.Publications.Where(p => p.AmendmentId is not null).ToDictionary(p => p.AmendmentId!.Value, p => p.FirstPublishedOn);

        var included = data.Contracts.Where(c => publishable.Contains(c.Id) && (contractLog.ContainsKey(c.Id) || (c.NotifiedOn is { } notified
            && DecpPublication.IsRequired(new Money(c.AmountCents), amendments[c.Id].Where(a => a.NewAmountCents is not null).Select(a => new Money(a.NewAmountCents!.Value)), data.DecpThresholds, notified))))
            .ToList();

        var newContracts = included.Where(c => !contractLog.ContainsKey(c.Id)).Select(c => c.Id).ToList();
        var newAmendments = included.SelectMany(c => amendments[c.Id]).Where(a => !amendmentLog.ContainsKey(a.Id)).Select(a => (a.ContractId, a.Id)).ToList();
        if (newContracts.Count > 0 || newAmendments.Count > 0)
        {
            await openData.RecordPublicationsAsync(newContracts, newAmendments, today, nowUtc, ct);
            // Another export may have logged them first: the log, not this request, says when they were published.
            foreach (var p in await openData.PublicationsAsync(ct))
            {
                if (p.AmendmentId is { } amendmentId)
                {
                    amendmentLog[amendmentId] = p.FirstPublishedOn;
                }
                else
                {
                    contractLog[p.ContractId] = p.FirstPublishedOn;
                }
            }
        }

        var marches = new List<DecpMarche>(included.Count);
        var errors = new List<string>();
        foreach (var c in included)
        {
            errors.Clear();
            var marche = DecpMapping.Build(
                c, amendments[c.Id].ToList(), data.CoordinatorSiret, id => id is { } a ? amendmentLog.GetValueOrDefault(a, today) : contractLog.GetValueOrDefault(c.Id, today), errors);
            if (marche is not null)
            {
                marches.Add(marche);
            }
        }

        return new DecpExportResult(marches, false);
    }
}

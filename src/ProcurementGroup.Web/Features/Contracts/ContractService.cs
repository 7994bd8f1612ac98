using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Core.Contracts;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Procedures;
using ProcurementGroup.Core.Tenders;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Contracts;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Web.Features.OpenData;
using ProcurementGroup.Web.Features.Tenders;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Infrastructure.Authorization;
using ProcurementGroup.Web.Infrastructure.Forms;

namespace ProcurementGroup.Web.Features.Contracts;

/// <summary>
/// Contracts (issue 9 item 1 and 2): those signed from an awarded lot and those recorded as signed before the app, their
/// amendments (kept beside the initial terms; Core <see cref="Amendments"/> derives the current ones) and their orders
/// against an accord-cadre's maximum (Core <see cref="OrderAmounts"/> and <see cref="OrderCeiling"/>). This checks the
/// typed values, writes and audits in one transaction.
/// </summary>
public sealed class ContractService(IDbConnectionFactory factory, IContractRepository contracts, IAuditTrail audit, OpenDataCheck openData, TimeProvider clock)
{
    public const string ContractEntity = "Contract";
    public const string AmendmentEntity = "ContractAmendment";
    public const string OrderEntity = "Order";

    public const string ReferenceTakenMessage = "Cette référence est déjà celle d'un autre marché.";
    public const string DateMessage = "Saisissez une date au format JJ/MM/AAAA.";
    public const string FutureDateMessage = "Cette date ne peut pas être postérieure à aujourd'hui.";
    public const string GroupMessage = "Choisissez le groupement.";
    public const string SupplierMessage = "Choisissez le titulaire parmi les fournisseurs.";
    public const string NatureMessage = "Choisissez la nature du marché.";
    public const string ProcedureMessage = "Choisissez la procédure.";
    public const string FormMessage = "Choisissez la forme du marché.";
    public const string OffersMessage = "Le nombre d'offres reçues est un entier de 0 à 999.";
    public const string ItemMessage = "Chaque article a un libellé (300 caractères au plus), une unité (50 au plus), un prix unitaire et une périodicité.";
    public const string NoItemMessage = "Indiquez au moins un article et son prix unitaire.";
    public const string NoMemberMessage = "Cochez au moins un membre participant.";
    public const string QuantityMessage = "Les quantités sont des nombres positifs, avec au plus 3 décimales.";
    public const string QuantityWithoutItemMessage = "Une quantité est saisie pour une ligne d'article vide.";
    public const string MemberMessage = "Ce membre n'existe pas.";
    public const string ReasonMessage = "Indiquez l'objet de l'avenant (2 000 caractères au plus).";
    public const string NotMaximumMessage = "Ce marché n'est pas un accord-cadre à maximum : on n'y passe pas de bons de commande.";
    public const string NotTakingPartMessage = "Ce membre ne participe pas à ce marché.";
    public const int ReasonMaxLength = 2000;
    public const string DefaultLieuExecution = "80";

    public DateOnly Today => ParisTime.Day(clock.GetUtcNow().UtcDateTime);

    public async Task<ContractIndexViewModel> ListAsync(bool canRecord, CancellationToken cancellationToken = default)
    {
        var rows = await contracts.ListAsync(cancellationToken);
        var amendments = (await contracts.AllAmendmentsAsync(cancellationToken)).ToLookup(a => a.ContractId);
        return new ContractIndexViewModel
        {
            Rows = rows.Select(r => (r, Amendments.Current(new ContractTerms(new(r.AmountCents), r.DurationMonths, r.SupplierId), amendments[r.Id].Select(ToCore)))).ToList(),
            CanRecord = canRecord,
        };
    }

    public async Task<ContractView?> LoadAsync(long id, CancellationToken cancellationToken = default)
    {
        if (await contracts.GetAsync(id, cancellationToken) is not { } contract)
        {
            return null;
        }

        var amendments = await contracts.AmendmentsAsync(id, cancellationToken);
        var initial = new ContractTerms(new(contract.AmountCents), contract.DurationMonths, contract.SupplierId);
        var current = Amendments.Current(initial, amendments.Select(ToCore));
        var supplierName = current.SupplierId == contract.SupplierId
            ? contract.SupplierName
            : amendments.Last(a => a.NewSupplierId == current.SupplierId).NewSupplierName ?? string.Empty;
        var orders = await contracts.OrdersAsync(id, cancellationToken);
        return new ContractView
        {
            Contract = contract,
            Initial = initial,
            Current = current,
            CurrentSupplierName = supplierName,
            Items = await contracts.ItemsAsync(id, cancellationToken),
            Members = await contracts.MembersAsync(id, cancellationToken),
            Quantities = await contracts.QuantitiesAsync(id, cancellationToken),
            Amendments = amendments,
            Orders = orders,
            OrderLines = await contracts.OrderLinesAsync(id, cancellationToken),
            Ordered = new(orders.Sum(o => o.TotalCents)),
        };
    }

    /// <summary>An empty form with the tender's DECP defaults (an accord-cadre à bons de commande executed in the Somme) and every member listed.</summary>
    public async Task<RecordContractForm> NewFormAsync(CancellationToken cancellationToken = default)
    {
        var form = new RecordContractForm
        {
            Nature = TenderForms.Value(PurchaseNature.Services),
            Procedure = TenderForms.Value(TenderProcedure.OpenCallForTenders),
            ContractForm = TenderForms.Value(ContractForm.FrameworkPurchaseOrders),
        };
        DecpInput.Fill(form, DecpCodes.Defaults(ContractForm.FrameworkPurchaseOrders, DefaultLieuExecution));
        await CompleteAsync(form, cancellationToken);
        return form;
    }

    /// <summary>Fills the lists of a form (choices, item rows, member rows) after binding, keeping what was typed.</summary>
    public async Task CompleteAsync(RecordContractForm form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        form.Groups = await contracts.GroupChoicesAsync(cancellationToken);
        form.Suppliers = await contracts.SupplierChoicesAsync(cancellationToken);
        while (form.Items.Count < RecordContractForm.ItemRows)
        {
            form.Items.Add(new ContractItemInput());
        }

        var typed = form.Members.Where(m => m.MemberId > 0).GroupBy(m => m.MemberId).ToDictionary(g => g.Key, g => g.First());
        form.Members = (await contracts.MemberChoicesAsync(cancellationToken)).Select(m =>
        {
            var row = typed.GetValueOrDefault(m.Id) ?? new ContractMemberInput { MemberId = m.Id };
            row.Name = m.Name;
            while (row.Quantities.Count < form.Items.Count)
            {
                row.Quantities.Add(null);
            }

            return row;
        }).ToList();
    }

    /// <summary>Records a contract signed before the app, with its items and members, in one transaction; nothing is saved on an error.</summary>
    public async Task<SaveResult> RecordAsync(RecordContractForm form, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new List<(string Field, string Message)>();
        var contract = await ParseInitialAsync(form, errors, cancellationToken);
        var items = ParseItems(form, errors);
        var members = await ParseMembersAsync(form, items, errors, cancellationToken);

        if (errors.Count > 0 || contract is null)
        {
            return SaveResult.Invalid(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        contract.CreatedByUserId = MemberAccess.UserId(user);
        contract.Version = 1;
        contract.CreatedAtUtc = now;
        contract.UpdatedAtUtc = now;

        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (await contracts.ReferenceTakenAsync(connection, tx, contract.Reference))
        {
            return SaveResult.Invalid(nameof(form.Reference), ReferenceTakenMessage);
        }

        try
        {
            contract.Id = await InsertAsync(connection, tx, contract, items, members);
        }
        catch (DbException)
        {
            // The same reference taken meanwhile: nothing was written.
            return SaveResult.Invalid(nameof(form.Reference), ReferenceTakenMessage);
        }

        await audit.WriteAsync(connection, tx, ContractEntity, contract.Id, "Recorded", null, new { contract, items, members });
        await tx.CommitAsync(cancellationToken);
        await openData.CheckContractAsync(contract.Id, cancellationToken); // issue 10: validated when recorded, result stored
        return SaveResult.Ok(contract.Id);
    }

    /// <summary>
    /// The correction of a recorded contract's initial data: the form filled with what is stored (its version
    /// included), or, once a cost entry, an order or an amendment refers to it (or for a contract from a tender), the
    /// French reason it is refused (Core <see cref="ContractRecordRules.CorrectionRefusal"/>); null when the contract does not exist.
    /// </summary>
    public async Task<ContractCorrection?> CorrectionAsync(long id, CancellationToken cancellationToken = default)
    {
        if (await contracts.GetAsync(id, cancellationToken) is not { } contract)
        {
            return null;
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        var (costEntries, orders, amendments) = await contracts.UsageAsync(connection, null, id);
        var refusal = ContractRecordRules.CorrectionRefusal(contract.TenderLotId is not null, costEntries, orders, amendments);
        var form = new RecordContractForm
        {
            Version = contract.Version,
            Reference = contract.Reference,
            PurchasingGroupId = contract.PurchasingGroupId,
            SupplierId = contract.SupplierId,
            Title = contract.Title,
            LotLabel = contract.LotLabel,
            SignedOn = FrenchDate.ForInput(contract.SignedOn),
            NotifiedOn = FrenchDate.ForInput(contract.NotifiedOn),
            StartsOn = FrenchDate.ForInput(contract.StartsOn),
            DurationMonths = contract.DurationMonths,
            Amount = (contract.AmountCents / 100m).ToString("0.00", FrenchFormat.Culture),
            CpvCode = contract.CpvCode,
            Nature = contract.Nature is { } nature ? TenderForms.Value(nature) : null,
            Procedure = contract.ProcedureType is { } procedure ? TenderForms.Value(procedure) : null,
            ContractForm = contract.ContractForm is { } contractForm ? TenderForms.Value(contractForm) : null,
            OffresRecues = contract.OffresRecues,
            SousTraitanceDeclaree = contract.SousTraitanceDeclaree ?? false,
        };
        DecpInput.Fill(form, new DecpFields(
            DecpCodes.Split(contract.Techniques),
            DecpCodes.Split(contract.ModalitesExecution),
            contract.MarcheInnovant ?? false,
            contract.Ccag ?? string.Empty,
            contract.AttributionAvance ?? false,
            contract.TypeGroupementOperateurs ?? string.Empty,
            contract.LieuExecutionCode ?? string.Empty,
            contract.LieuExecutionTypeCode ?? string.Empty,
            DecpCodes.Split(contract.TypesPrix),
            contract.PriceForm,
            DecpCodes.Split(contract.ConsiderationsSociales),
            DecpCodes.Split(contract.ConsiderationsEnvironnementales)));
        await ChoicesAsync(form, cancellationToken);
        return new ContractCorrection(contract, form, refusal);
    }

    /// <summary>The groupements and suppliers a contract form offers.</summary>
    public async Task ChoicesAsync(RecordContractForm form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        form.Groups = await contracts.GroupChoicesAsync(cancellationToken);
        form.Suppliers = await contracts.SupplierChoicesAsync(cancellationToken);
    }

    /// <summary>
    /// Corrects the initial data of a contract recorded without a tender (a typo in its title, its dates, amount or DECP
    /// fields; its items and members stay), checked as when it was recorded, audited with the values before and after,
    /// in one transaction guarded on the form's version (<see cref="SaveStatus.Conflict"/> when someone saved first) and on
    /// nothing referring to the contract yet (the refusal pointing to the amendment otherwise). Nothing is written on an error.
    /// </summary>
    public async Task<(SaveResult Result, string? Refusal)> CorrectAsync(long id, RecordContractForm form, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (await CorrectionAsync(id, cancellationToken) is not { } correction)
        {
            return (SaveResult.Missing, null);
        }

        if (correction.Refusal is { } refusal)
        {
            return (SaveResult.Conflicted, refusal);
        }

        var errors = new List<(string Field, string Message)>();
        if (await ParseInitialAsync(form, errors, cancellationToken) is not { } corrected)
        {
            return (SaveResult.Invalid(errors), null);
        }

        var before = correction.Contract;
        corrected.Id = id;
        corrected.Version = form.Version;
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (await contracts.ReferenceTakenByOtherAsync(connection, tx, corrected.Reference, id))
        {
            return (SaveResult.Invalid(nameof(form.Reference), ReferenceTakenMessage), null);
        }

        bool written;
        try
        {
            written = await contracts.CorrectInitialAsync(connection, tx, corrected, clock.GetUtcNow().UtcDateTime);
        }
        catch (DbException)
        {
            // The same reference taken meanwhile: nothing was written.
            return (SaveResult.Invalid(nameof(form.Reference), ReferenceTakenMessage), null);
        }

        if (!written)
        {
            // A cost entry, order or amendment written since the page was read ends the correction; else the version moved.
            var (costEntries, orders, amendments) = await contracts.UsageAsync(connection, tx, id);
            return ContractRecordRules.CorrectionRefusal(false, costEntries, orders, amendments) is { } now
                ? (SaveResult.Conflicted, now)
                : (SaveResult.Conflicted, null);
        }

        await audit.WriteAsync(connection, tx, ContractEntity, id, "Corrected", Initial(before), Initial(corrected));
        await tx.CommitAsync(cancellationToken);
        await openData.CheckContractAsync(id, cancellationToken);
        return (SaveResult.Ok(id), null);
    }

    /// <summary>What the audit keeps of a correction: the initial data, before and after.</summary>
    private static object Initial(ContractRecord c) => new
    {
        c.Reference, c.PurchasingGroupId, c.SupplierId, c.Title, c.LotLabel, c.SignedOn, c.NotifiedOn, c.StartsOn, c.DurationMonths, c.AmountCents,
        c.IsMaximum, c.CpvCode, c.PriceForm, c.Nature, c.ProcedureType, c.ContractForm, c.Techniques, c.ModalitesExecution, c.MarcheInnovant, c.Ccag,
        c.AttributionAvance, c.TypeGroupementOperateurs, c.LieuExecutionCode, c.LieuExecutionTypeCode, c.TypesPrix, c.ConsiderationsSociales,
        c.ConsiderationsEnvironnementales, c.OffresRecues, c.SousTraitanceDeclaree,
    };

    /// <summary>
    /// The initial data of a recorded contract as typed in <paramref name="form"/> (everything but its items and members),
    /// checked; null when a value is refused (its French message added to <paramref name="errors"/>).
    /// </summary>
    private async Task<ContractRecord?> ParseInitialAsync(RecordContractForm form, List<(string Field, string Message)> errors, CancellationToken cancellationToken)
    {
        var before = errors.Count;
        var today = Today;

        var reference = ContractReference.Normalize(form.Reference);
        if (reference is null)
        {
            errors.Add((nameof(form.Reference), ContractReference.Message));
        }

        var groups = await contracts.GroupChoicesAsync(cancellationToken);
        if (form.PurchasingGroupId is not { } groupId || groups.All(g => g.Id != groupId))
        {
            errors.Add((nameof(form.PurchasingGroupId), GroupMessage));
        }

        var suppliers = await contracts.SupplierChoicesAsync(cancellationToken);
        if (form.SupplierId is not { } supplierId || suppliers.All(s => s.Id != supplierId))
        {
            errors.Add((nameof(form.SupplierId), SupplierMessage));
        }

        var title = form.Title?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > ContractRecordRules.TitleMaxLength)
        {
            errors.Add((nameof(form.Title), ContractRecordRules.TitleMessage));
        }

        var lotLabel = string.IsNullOrWhiteSpace(form.LotLabel) ? null : form.LotLabel.Trim();
        if (lotLabel is { Length: > ContractRecordRules.LotLabelMaxLength })
        {
            errors.Add((nameof(form.LotLabel), ContractRecordRules.LotLabelMessage));
        }

        var signedOn = RequiredDate(form.SignedOn, nameof(form.SignedOn), today, errors, future: false);
        var notifiedOn = OptionalDate(form.NotifiedOn, nameof(form.NotifiedOn), today, errors, future: false);
        var startsOn = OptionalDate(form.StartsOn, nameof(form.StartsOn), today, errors, future: true);
        if (signedOn is { } signed)
        {
            var (notifiedProblem, startsProblem) = ContractRecordRules.CheckDates(signed, notifiedOn, startsOn);
            if (notifiedProblem is not null)
            {
                errors.Add((nameof(form.NotifiedOn), notifiedProblem));
            }

            if (startsProblem is not null)
            {
                errors.Add((nameof(form.StartsOn), startsProblem));
            }
        }

        if (!ContractRecordRules.IsDuration(form.DurationMonths))
        {
            errors.Add((nameof(form.DurationMonths), ContractRecordRules.DurationMessage));
        }

        var amountCents = ContractRecordRules.AmountCents(form.Amount, out var amountProblem);
        if (amountProblem is not null)
        {
            errors.Add((nameof(form.Amount), amountProblem));
        }

        var cpv = CpvCode.Normalize(form.CpvCode);
        if (cpv is null)
        {
            errors.Add((nameof(form.CpvCode), CpvCode.Message));
        }

        var nature = Choose(form.Nature, ContractLabels.Natures, nameof(form.Nature), NatureMessage, errors);
        var procedure = Choose(form.Procedure, TenderForms.Procedures, nameof(form.Procedure), ProcedureMessage, errors);
        var contractForm = Choose(form.ContractForm, ContractLabels.Forms, nameof(form.ContractForm), FormMessage, errors);
        if (form.OffresRecues is { } offers && offers is < 0 or > 999)
        {
            errors.Add((nameof(form.OffresRecues), OffersMessage));
        }

        var decp = DecpInput.Parse(form, errors);
        if (decp.FormePrix.Length > 0 && !SignContractForm.PriceForms.Contains(decp.FormePrix, StringComparer.Ordinal))
        {
            errors.Add((nameof(form.FormePrix), "Choisissez la forme du prix : unitaire, forfaitaire ou mixte."));
        }

        if (errors.Count > before)
        {
            return null;
        }

        var contract = new ContractRecord
        {
            PurchasingGroupId = form.PurchasingGroupId!.Value,
            Reference = reference!,
            Title = title!,
            LotLabel = lotLabel,
            SupplierId = form.SupplierId!.Value,
            SignedOn = signedOn!.Value,
            NotifiedOn = notifiedOn,
            StartsOn = startsOn ?? notifiedOn,
            DurationMonths = form.DurationMonths!.Value,
            AmountCents = amountCents!.Value,
            IsMaximum = ContractRules.IsFramework(contractForm!.Value),
            CpvCode = cpv!,
            PriceForm = decp.FormePrix,
            Nature = nature,
            ProcedureType = procedure,
            ContractForm = contractForm,
            Techniques = DecpCodes.Join(decp.Techniques),
            ModalitesExecution = DecpCodes.Join(decp.ModalitesExecution),
            MarcheInnovant = decp.MarcheInnovant,
            Ccag = decp.Ccag,
            AttributionAvance = decp.AttributionAvance,
            TypeGroupementOperateurs = decp.TypeGroupementOperateurs,
            LieuExecutionCode = decp.LieuExecutionCode,
            LieuExecutionTypeCode = decp.LieuExecutionTypeCode,
            TypesPrix = DecpCodes.Join(decp.TypesPrix),
            ConsiderationsSociales = DecpCodes.Join(decp.ConsiderationsSociales),
            ConsiderationsEnvironnementales = DecpCodes.Join(decp.ConsiderationsEnvironnementales),
            OffresRecues = form.OffresRecues,
            SousTraitanceDeclaree = form.SousTraitanceDeclaree,
        };
        return contract;
    }

    /// <summary>Writes a contract recorded without a tender, its items and its members' quantities (items by position).</summary>
    public async Task<long> InsertAsync(DbConnection connection, DbTransaction tx, ContractRecord contract, IReadOnlyList<ContractItemRow> items, IReadOnlyList<(long MemberId, IReadOnlyList<long> QuantitiesMilli)> members)
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(members);
        var id = await contracts.InsertAsync(connection, tx, contract);
        var itemIds = new List<long>();
        foreach (var item in items)
        {
            item.ContractId = id;
            item.Id = await contracts.InsertItemAsync(connection, tx, item);
            itemIds.Add(item.Id);
        }

        foreach (var (memberId, quantities) in members)
        {
            await contracts.InsertMemberAsync(connection, tx, id, memberId);
            for (var i = 0; i < quantities.Count && i < itemIds.Count; i++)
            {
                if (quantities[i] > 0)
                {
                    await contracts.InsertQuantityAsync(connection, tx, id, memberId, itemIds[i], quantities[i]);
                }
            }
        }

        return id;
    }

    public static AmendmentForm AmendmentFormFor(ContractView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new AmendmentForm { Version = view.Contract.Version };
    }

    /// <summary>Records an avenant beside the contract's initial terms (the contract row keeps them; only its version moves).</summary>
    public async Task<SaveResult> AmendAsync(long contractId, AmendmentForm form, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (await LoadAsync(contractId, cancellationToken) is not { } view)
        {
            return SaveResult.Missing;
        }

        var errors = new List<(string Field, string Message)>();
        var today = Today;
        var signedOn = RequiredDate(form.SignedOn, nameof(form.SignedOn), today, errors, future: false);
        var notifiedOn = OptionalDate(form.NotifiedOn, nameof(form.NotifiedOn), today, errors, future: false);
        if (signedOn is { } s && ContractRecordRules.CheckDates(s, notifiedOn, null).Notified is { } notifiedProblem)
        {
            errors.Add((nameof(form.NotifiedOn), notifiedProblem));
        }

        long? newAmount = null;
        if (!string.IsNullOrWhiteSpace(form.NewAmount))
        {
            newAmount = ContractRecordRules.AmountCents(form.NewAmount, out var amountProblem);
            if (amountProblem is not null)
            {
                errors.Add((nameof(form.NewAmount), amountProblem));
            }
        }

        if (form.NewDurationMonths is { } months && !ContractRecordRules.IsDuration(months))
        {
            errors.Add((nameof(form.NewDurationMonths), ContractRecordRules.DurationMessage));
        }

        if (form.NewSupplierId is { } supplierId && (await contracts.SupplierChoicesAsync(cancellationToken)).All(c => c.Id != supplierId))
        {
            errors.Add((nameof(form.NewSupplierId), SupplierMessage));
        }

        var reason = form.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > ReasonMaxLength)
        {
            errors.Add((nameof(form.Reason), ReasonMessage));
        }

        var existing = view.Amendments.Select(ToCore).ToList();
        var amendment = new ContractAmendment(
            Amendments.NextNumber(existing),
            signedOn ?? view.Contract.SignedOn,
            newAmount is { } cents ? new Core.Money.Money(cents) : null,
            form.NewDurationMonths,
            form.NewSupplierId);
        if (signedOn is not null && errors.All(e => e.Field is not nameof(form.NewAmount) and not nameof(form.NewDurationMonths) and not nameof(form.NewSupplierId)))
        {
            foreach (var (field, message) in Amendments.Check(view.Contract.SignedOn, existing, amendment))
            {
                errors.Add((field == AmendmentField.SignedOn ? nameof(form.SignedOn) : nameof(form.NewAmount), message));
            }
        }

        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var row = new ContractAmendmentRow
        {
            ContractId = contractId,
            Number = amendment.Number,
            SignedOn = amendment.SignedOn,
            NotifiedOn = notifiedOn,
            NewAmountCents = newAmount,
            NewDurationMonths = form.NewDurationMonths,
            NewSupplierId = form.NewSupplierId,
            Reason = reason!,
            CreatedAtUtc = now,
            CreatedByUserId = MemberAccess.UserId(user),
        };
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        if (!await contracts.TouchAsync(connection, tx, contractId, form.Version, now))
        {
            return SaveResult.Conflicted;
        }

        row.Id = await contracts.InsertAmendmentAsync(connection, tx, row);
        await audit.WriteAsync(connection, tx, AmendmentEntity, row.Id, "Created", null, row);
        await tx.CommitAsync(cancellationToken);
        await openData.CheckContractAsync(contractId, cancellationToken);
        return SaveResult.Ok(row.Id);
    }

    /// <summary>The members a user may order for on this contract: its members, limited to the user's own (null: all).</summary>
    public static IReadOnlyList<ContractMemberRow> OrderableMembers(ContractView view, IReadOnlySet<long>? visible)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.Members.Where(m => visible is null || visible.Contains(m.MemberId)).ToList();
    }

    public OrderForm OrderFormFor(ContractView view, IReadOnlyList<ContractMemberRow> members)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(members);
        return new OrderForm
        {
            Version = view.Contract.Version,
            MemberId = members.Count == 1 ? members[0].MemberId : null,
            OrderedOn = Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Lines = view.Items.Select(i => new OrderLineInput { ContractItemId = i.Id }).ToList(),
        };
    }

    /// <summary>
    /// Records a bon de commande for <paramref name="memberId"/> (already authorised for the user through <see cref="IMemberScope"/>):
    /// each line is quantity × the contract's unit price, rounded once; refused beyond the current maximum, with the 80 %
    /// warning returned in <c>Warning</c> when accepted.
    /// </summary>
    public async Task<(SaveResult Result, string? Warning)> OrderAsync(ContractView view, long memberId, OrderForm form, ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(form);
        var errors = new List<(string Field, string Message)>();
        if (!view.Contract.IsMaximum)
        {
            return (SaveResult.Invalid(string.Empty, NotMaximumMessage), null);
        }

        if (view.Members.All(m => m.MemberId != memberId))
        {
            errors.Add((nameof(form.MemberId), NotTakingPartMessage));
        }

        var orderedOn = RequiredDate(form.OrderedOn, nameof(form.OrderedOn), Today, errors, future: false);
        var lines = new List<OrderLineRow>();
        for (var i = 0; i < form.Lines.Count; i++)
        {
            var input = form.Lines[i];
            if (string.IsNullOrWhiteSpace(input.Quantity))
            {
                continue;
            }

            var field = $"Lines[{i.ToString(CultureInfo.InvariantCulture)}].Quantity";
            var item = view.Items.FirstOrDefault(it => it.Id == input.ContractItemId);
            if (item is null || !FrenchNumber.TryParseDecimal(input.Quantity, out var quantity) || quantity <= 0 || CampaignRules.ToMilli(quantity) is not { } milli || milli > 1_000_000_000_000)
            {
                errors.Add((field, FrenchNumber.Message(input.Quantity, QuantityMessage)));
                continue;
            }

            var price = new UnitPrice(item.UnitPriceTenThousandths);
            lines.Add(new OrderLineRow { ContractItemId = item.Id, QuantityMilli = milli, UnitPriceTenThousandths = price.TenThousandths, AmountCents = OrderAmounts.Line(price, milli).Cents });
        }

        if (lines.Count == 0 && errors.All(e => !e.Field.StartsWith("Lines", StringComparison.Ordinal)))
        {
            errors.Add(("Lines", OrderAmounts.NoLineMessage));
        }

        if (errors.Count > 0)
        {
            return (SaveResult.Invalid(errors), null);
        }

        var total = OrderAmounts.Total(lines.Select(l => new Core.Money.Money(l.AmountCents)));
        var check = OrderCeiling.Check(view.Current.Amount, view.Ordered, total);
        if (check.Status == OrderCeilingStatus.Refused)
        {
            return (SaveResult.Invalid("Lines", check.Message!), null);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var order = new OrderRow
        {
            ContractId = view.Contract.Id,
            MemberId = memberId,
            OrderedOn = orderedOn!.Value,
            TotalCents = total.Cents,
            CreatedByUserId = MemberAccess.UserId(user),
            CreatedAtUtc = now,
        };
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);

        // The consumption was read with this version: an order or amendment recorded meanwhile makes this one start again.
        if (!await contracts.TouchAsync(connection, tx, view.Contract.Id, form.Version, now))
        {
            return (SaveResult.Conflicted, null);
        }

        order.Number = await contracts.NextOrderNumberAsync(connection, tx, view.Contract.Id);
        order.Id = await contracts.InsertOrderAsync(connection, tx, order);
        foreach (var line in lines)
        {
            line.OrderId = order.Id;
            await contracts.InsertOrderLineAsync(connection, tx, line);
        }

        await audit.WriteAsync(connection, tx, OrderEntity, order.Id, "Created", null, new { order, lines });
        await tx.CommitAsync(cancellationToken);
        return (SaveResult.Ok(order.Id), check.Status == OrderCeilingStatus.Warning ? check.Message : null);
    }

    private static ContractAmendment ToCore(ContractAmendmentRow a) =>
        new(a.Number, a.SignedOn, a.NewAmountCents is { } cents ? new Core.Money.Money(cents) : null, a.NewDurationMonths, a.NewSupplierId);

    private static List<ContractItemRow> ParseItems(RecordContractForm form, List<(string Field, string Message)> errors)
    {
        var items = new List<ContractItemRow>();
        for (var i = 0; i < form.Items.Count && i < RecordContractForm.ItemRows; i++)
        {
            var input = form.Items[i];
            var prefix = $"Items[{i.ToString(CultureInfo.InvariantCulture)}]";
            if (string.IsNullOrWhiteSpace(input.Label) && string.IsNullOrWhiteSpace(input.Unit) && string.IsNullOrWhiteSpace(input.UnitPrice))
            {
                continue;
            }

            var label = input.Label?.Trim();
            var unit = input.Unit?.Trim();
            if (string.IsNullOrEmpty(label) || label.Length > 300)
            {
                errors.Add((prefix + ".Label", ItemMessage));
            }

            if (string.IsNullOrEmpty(unit) || unit.Length > 50)
            {
                errors.Add((prefix + ".Unit", ItemMessage));
            }

            if (!UnitPrice.TryParse(input.UnitPrice, out var price, out var priceError))
            {
                errors.Add((prefix + ".UnitPrice", priceError!));
            }

            // The item's VAT rate, one of the French rates as a cost entry's (blank: the normal rate, 20 %).
            var vat = CostEntryRules.LegalVatRates[0];
            if (!string.IsNullOrWhiteSpace(input.VatRate)
                && (!CatalogueText.TryVatBasisPoints(input.VatRate, out vat) || !CostEntryRules.IsLegalVatRate(vat)))
            {
                errors.Add((prefix + ".VatRate", CostEntryRules.VatInvalid));
            }

            var period = Choose(input.Period, ContractLabels.Periods, prefix + ".Period", ItemMessage, errors);
            items.Add(new ContractItemRow
            {
                Position = i + 1,
                Label = label ?? string.Empty,
                Unit = unit ?? string.Empty,
                UnitPriceTenThousandths = price.TenThousandths,
                PricePeriod = period ?? PricePeriod.OneOff,
                QuantityBasis = QuantityBasis.WholeDuration,
                VatRateBasisPoints = vat,
            });
        }

        if (items.Count == 0)
        {
            errors.Add(("Items", NoItemMessage));
        }

        return items;
    }

    /// <summary>The members taking part and their quantities, aligned on the parsed items (positions 1…n of the typed rows).</summary>
    private async Task<List<(long MemberId, IReadOnlyList<long> QuantitiesMilli)>> ParseMembersAsync(
        RecordContractForm form, List<ContractItemRow> items, List<(string Field, string Message)> errors, CancellationToken cancellationToken)
    {
        var known = (await contracts.MemberChoicesAsync(cancellationToken)).Select(m => m.Id).ToHashSet();
        var result = new List<(long, IReadOnlyList<long>)>();
        var seen = new HashSet<long>();
        for (var m = 0; m < form.Members.Count; m++)
        {
            var input = form.Members[m];
            if (!input.TakesPart)
            {
                continue;
            }

            var prefix = $"Members[{m.ToString(CultureInfo.InvariantCulture)}]";
            if (!known.Contains(input.MemberId) || !seen.Add(input.MemberId))
            {
                errors.Add((prefix + ".TakesPart", MemberMessage));
                continue;
            }

            var quantities = new List<long>();
            foreach (var item in items)
            {
                var row = item.Position - 1;
                var text = row < input.Quantities.Count ? input.Quantities[row] : null;
                if (string.IsNullOrWhiteSpace(text))
                {
                    quantities.Add(0);
                    continue;
                }

                if (!FrenchNumber.TryParseDecimal(text, out var quantity) || quantity < 0 || CampaignRules.ToMilli(quantity) is not { } milli || milli > 1_000_000_000_000)
                {
                    errors.Add(($"{prefix}.Quantities[{row.ToString(CultureInfo.InvariantCulture)}]", FrenchNumber.Message(text, QuantityMessage)));
                    quantities.Add(0);
                    continue;
                }

                quantities.Add(milli);
            }

            // A quantity typed on an item row left blank would be lost silently.
            var itemRows = items.Select(i => i.Position - 1).ToHashSet();
            for (var row = 0; row < input.Quantities.Count; row++)
            {
                if (!itemRows.Contains(row) && !string.IsNullOrWhiteSpace(input.Quantities[row]))
                {
                    errors.Add(($"{prefix}.Quantities[{row.ToString(CultureInfo.InvariantCulture)}]", QuantityWithoutItemMessage));
                }
            }

            result.Add((input.MemberId, quantities));
        }

        if (result.Count == 0 && errors.All(e => !e.Field.StartsWith("Members", StringComparison.Ordinal)))
        {
            errors.Add(("Members", NoMemberMessage));
        }

        return result;
    }

    private static T? Choose<T>(string? value, IReadOnlyList<T> allowed, string field, string message, List<(string Field, string Message)> errors)
        where T : struct, Enum
    {
        foreach (var option in allowed)
        {
            if (TenderForms.Value(option) == value)
            {
                return option;
            }
        }

        errors.Add((field, message));
        return null;
    }

    private static DateOnly? OptionalDate(string? text, string field, DateOnly today, List<(string, string)> errors, bool future) =>
        string.IsNullOrWhiteSpace(text) ? null : RequiredDate(text, field, today, errors, future);

    private static DateOnly? RequiredDate(string? text, string field, DateOnly today, List<(string, string)> errors, bool future)
    {
        if (!FrenchDate.TryParse(text, out var date) || date.Year < 2000 || date.Year > 2100)
        {
            errors.Add((field, DateMessage));
            return null;
        }

        if (!future && date > today)
        {
            errors.Add((field, FutureDateMessage));
            return null;
        }

        return date;
    }
}

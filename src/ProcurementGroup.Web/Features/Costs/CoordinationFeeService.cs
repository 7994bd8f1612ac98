using ProcurementGroup.Core.Allocation;
using ProcurementGroup.Core.Needs;
using ProcurementGroup.Core.Text;
using ProcurementGroup.Data.Costs;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Infrastructure.Forms;

namespace ProcurementGroup.Web.Features.Costs;

/// <summary>
/// The coordination fee of the settings, kept by finance: none, a percentage of each member's HT in a run (stored in basis
/// points) or a flat amount HT per member (stored in cents), with its own VAT rate among the French rates.
/// </summary>
public sealed class CoordinationFeeService(IDbConnectionFactory factory, ICoordinationFeeRepository fees, IAuditTrail audit, TimeProvider clock)
{
    public const string None = "none";
    public const string Percent = "percent";
    public const string Flat = "flat";
    public const string KindInvalid = "Choisissez : aucun frais, un pourcentage ou un montant forfaitaire par membre.";
    public const string PercentInvalid = "Saisissez un pourcentage entre 0,01 et 100, avec au plus deux décimales (ex. 2 ou 2,5).";
    public const string FlatInvalid = "Saisissez un montant HT positif en euros, avec au plus deux décimales (ex. 150 ou 150,50).";
    public const string MissingSettings = "Les coordonnées du coordonnateur ne sont pas encore saisies : un administrateur doit les enregistrer avant les frais de coordination.";

    public static FeeForm ToForm(CoordinationFeeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.CoordinationFeeKind switch
        {
            1 => new FeeForm { Kind = Percent, Value = CatalogueText.VatPercent((int)(settings.CoordinationFeeValue ?? 0)), VatRate = CatalogueText.VatPercent(settings.CoordinationFeeVatRateBasisPoints ?? 0) },
            2 => new FeeForm { Kind = Flat, Value = CatalogueText.Euros(settings.CoordinationFeeValue ?? 0), VatRate = CatalogueText.VatPercent(settings.CoordinationFeeVatRateBasisPoints ?? 0) },
            _ => new FeeForm { Kind = None },
        };
    }

    /// <summary>Reads the form: the settings to store, or French messages keyed to the fields.</summary>
    public static (CoordinationFeeSettings? Settings, List<(string Field, string Message)> Errors) Read(FeeForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new List<(string, string)>();
        switch (form.Kind)
        {
            case None:
                return (new CoordinationFeeSettings(), errors);
            case Percent or Flat:
                break;
            default:
                errors.Add((nameof(FeeForm.Kind), KindInvalid));
                return (null, errors);
        }

        long value = 0;
        if (form.Kind == Percent)
        {
            if (!CatalogueText.TryVatBasisPoints(form.Value, out var basisPoints) || basisPoints == 0)
            {
                errors.Add((nameof(FeeForm.Value), FrenchNumber.Message(form.Value, PercentInvalid)));
            }

            value = basisPoints;
        }
        else if (!CatalogueText.TryPriceCents(form.Value, out value) || value == 0)
        {
            errors.Add((nameof(FeeForm.Value), FrenchNumber.Message(form.Value, FlatInvalid)));
        }

        if (!CatalogueText.TryVatBasisPoints(form.VatRate, out var vat) || !CostEntryRules.IsLegalVatRate(vat))
        {
            errors.Add((nameof(FeeForm.VatRate), CostEntryRules.VatInvalid));
        }

        return errors.Count > 0
            ? (null, errors)
            : (new CoordinationFeeSettings { CoordinationFeeKind = form.Kind == Percent ? (int)CoordinationFeeKind.Percent : (int)CoordinationFeeKind.Flat, CoordinationFeeValue = value, CoordinationFeeVatRateBasisPoints = vat }, errors);
    }

    public async Task<SaveResult> SaveAsync(FeeForm form, CancellationToken cancellationToken = default)
    {
        var (settings, errors) = Read(form);
        if (settings is null)
        {
            return SaveResult.Invalid(errors);
        }

        var before = await fees.GetAsync(cancellationToken);
        if (!await fees.SaveAsync(settings, clock.GetUtcNow().UtcDateTime, cancellationToken))
        {
            return SaveResult.Invalid(string.Empty, MissingSettings);
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        await audit.WriteAsync(connection, null, "CoordinationFee", 1, "Updated", before, settings);
        return SaveResult.Ok(1);
    }
}

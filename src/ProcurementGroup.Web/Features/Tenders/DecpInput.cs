using System.ComponentModel.DataAnnotations;
using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Web.Features.Tenders;

/// <summary>
/// The DECP 2.0.3 fields of a form (the schema's codes: list fields as checkboxes, single values as selects), shared by the tender's edit form and the form of a
/// contract recorded without a tender: one partial (_DecpFields.cshtml) shows them, <see cref="DecpInput.Parse"/> checks them.
/// </summary>
public interface IDecpInput
{
    [Display(Name = "Techniques d'achat")]
    List<string> Techniques { get; set; }

    [Display(Name = "Modalités d'exécution")]
    List<string> ModalitesExecution { get; set; }

    [Display(Name = "Marché innovant")]
    bool MarcheInnovant { get; set; }

    [Display(Name = "CCAG de référence")]
    string? Ccag { get; set; }

    [Display(Name = "Avance attribuée")]
    bool AttributionAvance { get; set; }

    [Display(Name = "Type de groupement d'opérateurs")]
    string? TypeGroupementOperateurs { get; set; }

    [Display(Name = "Lieu d'exécution (code)")]
    string? LieuExecutionCode { get; set; }

    [Display(Name = "Type de code du lieu d'exécution")]
    string? LieuExecutionTypeCode { get; set; }

    [Display(Name = "Types de prix")]
    List<string> TypesPrix { get; set; }

    [Display(Name = "Forme du prix")]
    string? FormePrix { get; set; }

    [Display(Name = "Considérations sociales")]
    List<string> ConsiderationsSociales { get; set; }

    [Display(Name = "Considérations environnementales")]
    List<string> ConsiderationsEnvironnementales { get; set; }
}

public static class DecpInput
{
    /// <summary>Fills the form's DECP fields from stored or default values.</summary>
    public static void Fill(IDecpInput form, DecpFields decp)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(decp);
        form.Techniques = decp.Techniques.ToList();
        form.ModalitesExecution = decp.ModalitesExecution.ToList();
        form.MarcheInnovant = decp.MarcheInnovant;
        form.Ccag = decp.Ccag;
        form.AttributionAvance = decp.AttributionAvance;
        form.TypeGroupementOperateurs = decp.TypeGroupementOperateurs;
        form.LieuExecutionCode = decp.LieuExecutionCode;
        form.LieuExecutionTypeCode = decp.LieuExecutionTypeCode;
        form.TypesPrix = decp.TypesPrix.ToList();
        form.FormePrix = decp.FormePrix;
        form.ConsiderationsSociales = decp.ConsiderationsSociales.ToList();
        form.ConsiderationsEnvironnementales = decp.ConsiderationsEnvironnementales.ToList();
    }

    /// <summary>The DECP fields as posted (each value trimmed), checked against the schema's codes by Core (<see cref="DecpCodes.Check"/>); errors keyed by the field's name.</summary>
    public static DecpFields Parse(IDecpInput form, List<(string Field, string Message)> errors)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(errors);

        static IReadOnlyList<string> List(IEnumerable<string?>? values) => (values ?? []).Select(v => v?.Trim() ?? string.Empty).ToList();

        // The form's field names are the DecpFields property names.
        var decp = new DecpFields(
            List(form.Techniques),
            List(form.ModalitesExecution),
            form.MarcheInnovant,
            form.Ccag?.Trim() ?? string.Empty,
            form.AttributionAvance,
            form.TypeGroupementOperateurs?.Trim() ?? string.Empty,
            form.LieuExecutionCode?.Trim() ?? string.Empty,
            form.LieuExecutionTypeCode?.Trim() ?? string.Empty,
            List(form.TypesPrix),
            form.FormePrix?.Trim() ?? string.Empty,
            List(form.ConsiderationsSociales),
            List(form.ConsiderationsEnvironnementales));
        errors.AddRange(DecpCodes.Check(decp));
        return decp;
    }
}

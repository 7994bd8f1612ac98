using System.ComponentModel.DataAnnotations;
using ProcurementGroup.Core.Tenders;

namespace ProcurementGroup.Web.Features.Tenders;

/// <summary>
/// The DECP 2.0.3 fields of a form (list fields one code per line), shared by the tender's edit form and the form of a
/// contract recorded without a tender: one partial (_DecpFields.cshtml) shows them, <see cref="DecpInput.Parse"/> checks them.
/// </summary>
public interface IDecpInput
{
    [Display(Name = "Techniques d'achat (un code par ligne)")]
    string? Techniques { get; set; }

    [Display(Name = "Modalités d'exécution (un code par ligne)")]
    string? ModalitesExecution { get; set; }

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

    [Display(Name = "Types de prix (un code par ligne)")]
    string? TypesPrix { get; set; }

    [Display(Name = "Forme du prix")]
    string? FormePrix { get; set; }

    [Display(Name = "Considérations sociales (un code par ligne)")]
    string? ConsiderationsSociales { get; set; }

    [Display(Name = "Considérations environnementales (un code par ligne)")]
    string? ConsiderationsEnvironnementales { get; set; }
}

public static class DecpInput
{
    /// <summary>Fills the form's DECP fields from stored or default values.</summary>
    public static void Fill(IDecpInput form, DecpFields decp)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(decp);
        form.Techniques = Lines(decp.Techniques);
        form.ModalitesExecution = Lines(decp.ModalitesExecution);
        form.MarcheInnovant = decp.MarcheInnovant;
        form.Ccag = decp.Ccag;
        form.AttributionAvance = decp.AttributionAvance;
        form.TypeGroupementOperateurs = decp.TypeGroupementOperateurs;
        form.LieuExecutionCode = decp.LieuExecutionCode;
        form.LieuExecutionTypeCode = decp.LieuExecutionTypeCode;
        form.TypesPrix = Lines(decp.TypesPrix);
        form.FormePrix = decp.FormePrix;
        form.ConsiderationsSociales = Lines(decp.ConsiderationsSociales);
        form.ConsiderationsEnvironnementales = Lines(decp.ConsiderationsEnvironnementales);
    }

    /// <summary>The DECP fields typed (errors keyed by the field's name), each list with at least one code, each single field one code.</summary>
    public static DecpFields Parse(IDecpInput form, List<(string Field, string Message)> errors)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(errors);

        IReadOnlyList<string> List(string? text, string field)
        {
            var codes = (text ?? string.Empty).Split('\n').Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
            if (codes.Count == 0 || codes.Any(c => c.Length > TenderForms.DecpCodeMaxLength || c.Contains(DecpCodes.ListSeparator, StringComparison.Ordinal)))
            {
                errors.Add((field, TenderForms.DecpCodeMessage));
            }

            return codes;
        }

        string One(string? text, string field) => List(text, field) is [var single] ? single : Fail(field);

        string Fail(string field)
        {
            if (!errors.Any(e => e.Field == field))
            {
                errors.Add((field, TenderForms.DecpCodeMessage));
            }

            return string.Empty;
        }

        return new DecpFields(
            List(form.Techniques, nameof(IDecpInput.Techniques)),
            List(form.ModalitesExecution, nameof(IDecpInput.ModalitesExecution)),
            form.MarcheInnovant,
            One(form.Ccag, nameof(IDecpInput.Ccag)),
            form.AttributionAvance,
            One(form.TypeGroupementOperateurs, nameof(IDecpInput.TypeGroupementOperateurs)),
            One(form.LieuExecutionCode, nameof(IDecpInput.LieuExecutionCode)),
            One(form.LieuExecutionTypeCode, nameof(IDecpInput.LieuExecutionTypeCode)),
            List(form.TypesPrix, nameof(IDecpInput.TypesPrix)),
            One(form.FormePrix, nameof(IDecpInput.FormePrix)),
            List(form.ConsiderationsSociales, nameof(IDecpInput.ConsiderationsSociales)),
            List(form.ConsiderationsEnvironnementales, nameof(IDecpInput.ConsiderationsEnvironnementales)));
    }

    private static string Lines(IEnumerable<string> codes) => string.Join('\n', codes);
}

namespace ProcurementGroup.Web.Infrastructure.Forms;

/// <summary>How a typed text field is stored, for every form and import.</summary>
public static class FormText
{
    /// <summary>Trimmed, and null when empty or blank.</summary>
    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

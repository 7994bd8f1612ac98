using System.Globalization;
using System.Text;

namespace ProcurementGroup.Core.Text;

/// <summary>Folds text for search: upper case, without accents, so "amiens" finds "Amiens Métropole" on any database.</summary>
public static class SearchText
{
    public static string Fold(string? input)
    {
        if (string.IsNullOrEmpty(input))
        {
            return string.Empty;
        }

        var decomposed = UnicodeText.ReplaceInvalid(input).Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(char.ToUpperInvariant(c));
            }
        }

        return sb.ToString().Normalize(NormalizationForm.FormC);
    }
}

using Microsoft.AspNetCore.Identity;
using ProcurementGroup.Core.Text;

namespace ProcurementGroup.Web.Features.Account;

/// <summary>
/// Identity's <see cref="UpperInvariantLookupNormalizer"/> (Unicode normalisation, then upper case) on input made valid
/// first: an e-mail typed with a lone surrogate or U+FFFE answered a 500 on login, forgotten password and invitation.
/// Same keys as before for every valid string, so stored NormalizedEmail values still match.
/// </summary>
public sealed class SafeLookupNormalizer : ILookupNormalizer
{
    public string? NormalizeName(string? name) => name is null ? null : UnicodeText.ReplaceInvalid(name).Normalize().ToUpperInvariant();

    public string? NormalizeEmail(string? email) => NormalizeName(email);
}

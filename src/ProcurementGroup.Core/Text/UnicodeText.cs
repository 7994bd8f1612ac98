namespace ProcurementGroup.Core.Text;

/// <summary>
/// A posted string is UTF-16 that need not be valid Unicode: a lone surrogate or the noncharacter U+FFFE makes
/// <see cref="string.Normalize()"/> throw. Whatever folds or normalises user input goes through here first.
/// </summary>
public static class UnicodeText
{
    public const char Replacement = '\uFFFD';

    /// <summary>The input with every lone surrogate and U+FFFE replaced by U+FFFD (the input itself when it has none).</summary>
    public static string ReplaceInvalid(string input)
    {
        char[]? copy = null;
        for (var i = 0; i < input.Length; i++)
        {
            var c = input[i];
            if (char.IsHighSurrogate(c) && i + 1 < input.Length && char.IsLowSurrogate(input[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c) || c == '\uFFFE')
            {
                copy ??= input.ToCharArray();
                copy[i] = Replacement;
            }
        }

        return copy is null ? input : new string(copy);
    }
}

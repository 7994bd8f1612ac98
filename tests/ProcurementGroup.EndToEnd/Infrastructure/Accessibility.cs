using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ProcurementGroup.EndToEnd.Infrastructure;

/// <summary>axe-core (Deque) on the page as the browser shows it.</summary>
public static class Accessibility
{
    private static readonly string[] BlockingImpacts = ["serious", "critical"];

    /// <summary>Runs axe on the current page and returns the serious and critical violations.</summary>
    public static async Task<IReadOnlyList<AxeResultItem>> SeriousViolationsAsync(IPage page)
    {
        var result = await page.RunAxe();
        return result.Violations.Where(v => BlockingImpacts.Contains(v.Impact, StringComparer.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>One line per violation and per offending element, so the assertion message says what to fix.</summary>
    public static string Describe(string pageName, IReadOnlyList<AxeResultItem> violations)
    {
        var text = new StringBuilder();
        text.Append(pageName).Append(": ").Append(violations.Count).AppendLine(" serious/critical axe violation(s)");
        foreach (var violation in violations)
        {
            text.Append("- [").Append(violation.Impact).Append("] ").Append(violation.Id).Append(": ").Append(violation.Help)
                .Append(" (").Append(violation.HelpUrl).AppendLine(")");
            foreach (var node in violation.Nodes)
            {
                text.Append("    ").Append(node.Target).Append("  ").AppendLine(node.Html);
            }
        }

        return text.ToString();
    }
}

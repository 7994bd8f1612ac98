using System.Globalization;

namespace ProcurementGroup.Web.Tests.NeedsForms;

/// <summary>The fields a browser posts from the needs form page.</summary>
public static class NeedsFormFields
{
    /// <summary>The form's Version, the button pressed and one row per line (item, site id or empty, quantity as typed, comment).</summary>
    public static Dictionary<string, string> Fields(int version, string command, params (long ItemId, string? Site, string Quantity, string? Comment)[] lines)
    {
        var fields = new Dictionary<string, string> { ["Input.Version"] = version.ToString(CultureInfo.InvariantCulture), ["command"] = command };
        for (var i = 0; i < lines.Length; i++)
        {
            fields[$"Input.Lines[{i}].ItemId"] = lines[i].ItemId.ToString(CultureInfo.InvariantCulture);
            fields[$"Input.Lines[{i}].SiteId"] = lines[i].Site ?? string.Empty;
            fields[$"Input.Lines[{i}].Quantity"] = lines[i].Quantity;
            fields[$"Input.Lines[{i}].Comment"] = lines[i].Comment ?? string.Empty;
        }

        return fields;
    }
}

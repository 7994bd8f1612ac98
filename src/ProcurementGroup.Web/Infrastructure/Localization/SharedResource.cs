namespace ProcurementGroup.Web.Infrastructure.Localization;

/// <summary>
/// Marker for the shared UI strings. Views write French text through <c>T["..."]</c>: the French text is the key, so
/// French needs no resource file, and another language is added with <c>Resources/Infrastructure.Localization.SharedResource.xx.resx</c>.
/// </summary>
public sealed class SharedResource;

using System.Text.RegularExpressions;

namespace ProcurementGroup.Web.Features.Outbox;

/// <summary>
/// What administrators see of an e-mail: the body with the token of every link masked, so that reading the outbox
/// never gives a usable invitation or password-reset link (the recipient's copy, and a resend, keep the real one).
/// </summary>
public static partial class OutboxDisplay
{
    public const string Mask = "[masqué]";

    public static string? MaskTokens(string? body) => body is null ? null : TokenParameter().Replace(body, "${name}=" + Mask);

    // token=… in a query string, up to the next separator (&, whitespace, quote, angle bracket).
    [GeneratedRegex(@"(?<name>[?&](?:amp;)?token)=[^&\s""'<>]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TokenParameter();
}

namespace ProcurementGroup.Web.Infrastructure.Security;

/// <summary>
/// Issue 6, defect 2: e-mailed links (invitation, password reset) must never follow the request's Host header. Outside
/// Development the app needs its public address and refuses a host filter that lets every Host through.
/// </summary>
public static class PublicBaseUrl
{
    public const string Key = "App:PublicBaseUrl";

    public const string AllowedHostsKey = "AllowedHosts";

    /// <summary>
    /// Outside Development, the French reason the web app must not start, or null. When AllowedHosts is not set it
    /// becomes the host of <c>App:PublicBaseUrl</c>, so a forged Host header is answered 400 before any page runs.
    /// The command-line commands do not call this: they serve no request and send no link.
    /// </summary>
    public static string? CheckAtStartup(IConfiguration configuration, IHostEnvironment environment)
    {
        if (environment.IsDevelopment())
        {
            return null;
        }

        if (Parse(configuration[Key]) is not { } uri)
        {
            return "Démarrage refusé : le réglage App:PublicBaseUrl doit donner l'adresse publique de l'application "
                + "(par exemple https://achats.example.org). Les liens des courriels d'invitation et de réinitialisation "
                + "du mot de passe sont construits à partir d'elle, jamais à partir de l'en-tête Host de la requête. "
                + "Réglez-la dans appsettings.json, par la variable d'environnement App__PublicBaseUrl ou sur la ligne de commande.";
        }

        var hosts = configuration[AllowedHostsKey];
        if (string.IsNullOrWhiteSpace(hosts))
        {
            configuration[AllowedHostsKey] = uri.IdnHost;
            return null;
        }

        if (hosts.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Contains("*", StringComparer.Ordinal))
        {
            return "Démarrage refusé : AllowedHosts vaut « * », ce qui accepte n'importe quel en-tête Host. Retirez ce réglage "
                + $"(il prend alors l'hôte de App:PublicBaseUrl, ici {uri.IdnHost}) ou donnez les noms d'hôte acceptés, séparés par « ; ».";
        }

        return null;
    }

    /// <summary>An absolute http(s) address without query or fragment, or null.</summary>
    public static Uri? Parse(string? value) =>
        !string.IsNullOrWhiteSpace(value)
        && Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo)
            ? uri
            : null;
}

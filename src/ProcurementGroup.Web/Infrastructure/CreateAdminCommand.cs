using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Web.Features.Users;

namespace ProcurementGroup.Web.Infrastructure;

/// <summary>
/// <c>-- create-admin --email X</c>: creates the first administrator in any environment (no demo account exists outside
/// Development). The password is read from standard input, one line, so it stays out of the shell history.
/// </summary>
public sealed class CreateAdminCommand(UserAdministration administration)
{
    public const int MinimumPasswordLength = 12;

    /// <summary>Returns the process exit code: 0 created, 2 refused (the reason is written to <paramref name="error"/>).</summary>
    public async Task<int> RunAsync(string? email, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            await error.WriteLineAsync("Usage : -- create-admin --email adresse@exemple.fr (le mot de passe est lu sur l'entrée standard).");
            return 2;
        }

        await output.WriteLineAsync($"Mot de passe de {email} ({MinimumPasswordLength} caractères au moins), puis Entrée :");
        var password = await input.ReadLineAsync(cancellationToken);
        if (password is null || password.Length < MinimumPasswordLength)
        {
            await error.WriteLineAsync($"Refusé : le mot de passe doit contenir au moins {MinimumPasswordLength} caractères.");
            return 2;
        }

        var result = await administration.CreateWithPasswordAsync(
            new UserInput(email, email.Trim(), [Roles.Administrator], []), password, cancellationToken);
        if (!result.Succeeded)
        {
            await error.WriteLineAsync("Refusé : " + string.Join(" ", result.Errors.Values));
            return 2;
        }

        await output.WriteLineAsync($"Administrateur {email.Trim()} créé.");
        return 0;
    }
}

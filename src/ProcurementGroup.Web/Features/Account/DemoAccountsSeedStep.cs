using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Data.Accounts;
using ProcurementGroup.Web.Features.Users;
using ProcurementGroup.Web.Infrastructure;
using ProcurementGroup.Web.Infrastructure.Seeding;

namespace ProcurementGroup.Web.Features.Account;

/// <summary>
/// The five demo accounts (Development only: StartupTasks runs seed steps on an empty Development database or with
/// -- seed-demo, which is refused elsewhere). Runs after the members are seeded (Order 10-20): the two buyers act for
/// the members of that exact name.
/// </summary>
public sealed class DemoAccountsSeedStep(UserAdministration administration, IAccountMemberDirectory members) : IDemoSeedStep
{
    public const string AmiensMember = "CA Amiens Métropole";
    public const string VimeuMember = "CC du Vimeu";

    public int Order => 30;

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var byName = (await members.ListIdsAndNamesAsync(cancellationToken))
            .GroupBy(m => m.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Min(m => m.Id), StringComparer.Ordinal);

        long MemberId(string name) => byName.TryGetValue(name, out var id)
            ? id
            : throw new InvalidOperationException(
                $"Demo seed: the member \"{name}\" was not found. The members demo step (Order < 30) must seed it before the demo accounts.");

        (string Email, string Name, string Role, long[] Members)[] accounts =
        [
            ("admin@demo.local", "Administrateur (démo)", Roles.Administrator, []),
            ("marches@demo.local", "Service marchés (démo)", Roles.ProcurementOfficer, []),
            ("finances@demo.local", "Service financier (démo)", Roles.Finance, []),
            ("acheteur.amiens@demo.local", "Acheteur Amiens Métropole (démo)", Roles.MemberBuyer, [MemberId(AmiensMember)]),
            ("acheteur.vimeu@demo.local", "Acheteur Vimeu (démo)", Roles.MemberBuyer, [MemberId(VimeuMember)]),
        ];

        foreach (var (email, name, role, memberIds) in accounts)
        {
            var result = await administration.CreateWithPasswordAsync(new UserInput(email, name, [role], memberIds), StartupTasks.DemoPassword, cancellationToken);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Demo seed: account {email} not created: {string.Join(" ", result.Errors.Values)}");
            }
        }
    }
}

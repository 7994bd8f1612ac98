using System.Globalization;
using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using ProcurementGroup.Core.Accounts;
using ProcurementGroup.Core.Auditing;
using ProcurementGroup.Data.Auditing;
using ProcurementGroup.Data.Accounts;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Web.Features.Account;
using ProcurementGroup.Web.Infrastructure.Auditing;

namespace ProcurementGroup.Web.Features.Users;

/// <summary>What an administrator (or the create-admin command, or the demo seed) gives for an account.</summary>
public sealed record UserInput(string? Email, string? DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<long> MemberIds);

/// <summary>The outcome of a change: the errors by field (French), or the id of the account.</summary>
public sealed class UserChangeResult
{
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public long UserId { get; set; }

    public bool Succeeded => Errors.Count == 0;

    /// <summary>Someone else changed the account since the page was loaded: nothing was saved.</summary>
    public bool Conflicted { get; private init; }

    public const string ConflictMessage =
        "Quelqu'un d'autre a modifié ce compte depuis que vous avez ouvert la page : rien n'a été enregistré. Vos saisies sont conservées ci-dessous ; rechargez la page pour voir la nouvelle version, puis reportez vos modifications.";

    public static UserChangeResult Conflict()
    {
        var result = new UserChangeResult { Conflicted = true };
        result.Errors[string.Empty] = ConflictMessage;
        return result;
    }

    public static UserChangeResult Failed(string field, string message)
    {
        var result = new UserChangeResult();
        result.Errors[field] = message;
        return result;
    }
}

/// <summary>
/// Accounts as administrators manage them: invite, change roles and members, disable, enable. Every change is checked
/// first (nothing is written on an error) and commits together with its audit entry.
/// </summary>
public sealed class UserAdministration(
    IDbConnectionFactory factory,
    IUserRepository users,
    IAccountMemberDirectory members,
    UserManager<AppUser> userManager,
    AccountEmails emails,
    IAuditTrail audit,
    IAuditLogRepository auditLog,
    TimeProvider clock)
{
    public const string EntityType = "User";

    public const int MaxDisplayNameLength = 200;

    public const int MaxEmailLength = 254;

    /// <summary>Creates an account without a password and e-mails it an invitation link to choose one.</summary>
    public async Task<UserChangeResult> InviteAsync(UserInput input, CancellationToken cancellationToken = default)
    {
        var result = await CreateAsync(input, password: null, cancellationToken);
        if (result.Succeeded)
        {
            var user = await userManager.FindByIdAsync(result.UserId.ToString(CultureInfo.InvariantCulture));
            await emails.SendInvitationAsync(user!, cancellationToken);
        }

        return result;
    }

    /// <summary>Creates an account with its password (create-admin command, demo seed); the e-mail counts as confirmed.</summary>
    public Task<UserChangeResult> CreateWithPasswordAsync(UserInput input, string password, CancellationToken cancellationToken = default) =>
        CreateAsync(input, password, cancellationToken);

    private async Task<UserChangeResult> CreateAsync(UserInput input, string? password, CancellationToken cancellationToken)
    {
        var result = await ValidateAsync(input, null, cancellationToken);
        var email = input.Email?.Trim() ?? string.Empty;
        var user = new AppUser
        {
            Email = email,
            NormalizedEmail = userManager.NormalizeEmail(email),
            DisplayName = input.DisplayName?.Trim() ?? string.Empty,
            EmailConfirmed = password is not null,
            LockoutEnabled = true,
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        if (password is not null)
        {
            foreach (var validator in userManager.PasswordValidators)
            {
                var check = await validator.ValidateAsync(userManager, user, password);
                if (!check.Succeeded)
                {
                    result.Errors.TryAdd("Password", string.Join(" ", check.Errors.Select(e => e.Description)));
                }
            }

            if (result.Succeeded)
            {
                user.PasswordHash = userManager.PasswordHasher.HashPassword(user, password);
            }
        }

        if (!result.Succeeded)
        {
            return result;
        }

        var roles = Normalize(input.Roles);
        var memberIds = roles.Contains(Roles.MemberBuyer) ? input.MemberIds.Distinct().Order().ToList() : [];
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        user.Id = await users.InsertAsync(connection, tx, user);
        await users.ReplaceRolesAsync(connection, tx, user.Id, roles);
        await users.ReplaceMembersAsync(connection, tx, user.Id, memberIds);
        await audit.WriteAsync(connection, tx, EntityType, user.Id, password is null ? "Invited" : "Created", null, Snapshot(user, roles, memberIds));
        await tx.CommitAsync(cancellationToken);
        result.UserId = user.Id;
        return result;
    }

    /// <summary>Changes the name, roles and members of an account (the e-mail address is its identifier and stays).</summary>
    /// <param name="expectedStamp">The account's ConcurrencyStamp when the page was loaded; another change since is a conflict.</param>
    public async Task<UserChangeResult> UpdateAsync(long id, UserInput input, long? actingUserId, string? expectedStamp = null, CancellationToken cancellationToken = default)
    {
        var current = await users.GetDetailsAsync(id, cancellationToken);
        if (current is null)
        {
            return UserChangeResult.Failed(string.Empty, "Ce compte n'existe pas.");
        }

        var result = await ValidateAsync(input with { Email = current.User.Email }, id, cancellationToken);
        if (actingUserId == id && !input.Roles.Contains(Roles.Administrator, StringComparer.Ordinal))
        {
            // Otherwise the last administrator could lock everyone out of the administration pages.
            result.Errors.TryAdd("Roles", "Vous ne pouvez pas retirer votre propre rôle d'administrateur.");
        }

        if (!result.Succeeded)
        {
            return result;
        }

        var roles = Normalize(input.Roles);
        var memberIds = roles.Contains(Roles.MemberBuyer) ? input.MemberIds.Distinct().Order().ToList() : [];
        var displayName = input.DisplayName!.Trim();
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var before = await users.GetDetailsAsync(connection, tx, id);
        if (await users.UpdateProfileAsync(connection, tx, id, displayName, current.User.Email, expectedStamp) == 0)
        {
            return UserChangeResult.Conflict();
        }

        await users.ReplaceRolesAsync(connection, tx, id, roles);
        await users.ReplaceMembersAsync(connection, tx, id, memberIds);
        var after = await users.GetDetailsAsync(connection, tx, id);
        await audit.WriteAsync(connection, tx, EntityType, id, "Updated", Snapshot(before!), Snapshot(after!));
        await tx.CommitAsync(cancellationToken);
        result.UserId = id;
        return result;
    }

    /// <summary>Disables or enables an account; disabling ends its open sessions (new security stamp).</summary>
    public async Task<UserChangeResult> SetDisabledAsync(long id, bool disabled, long? actingUserId, CancellationToken cancellationToken = default)
    {
        if (disabled && actingUserId == id)
        {
            return UserChangeResult.Failed(string.Empty, "Vous ne pouvez pas désactiver votre propre compte.");
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var before = await users.GetDetailsAsync(connection, tx, id);
        if (before is null)
        {
            return UserChangeResult.Failed(string.Empty, "Ce compte n'existe pas.");
        }

        await users.SetDisabledAsync(connection, tx, id, disabled);
        var after = await users.GetDetailsAsync(connection, tx, id);
        await audit.WriteAsync(connection, tx, EntityType, id, disabled ? "Disabled" : "Enabled", Snapshot(before), Snapshot(after!));
        await tx.CommitAsync(cancellationToken);
        return new UserChangeResult { UserId = id };
    }

    /// <summary>Sends a new invitation link to an account that has not chosen its password yet.</summary>
    public async Task<UserChangeResult> ResendInvitationAsync(long id, CancellationToken cancellationToken = default)
    {
        var user = await userManager.FindByIdAsync(id.ToString(CultureInfo.InvariantCulture));
        if (user is null)
        {
            return UserChangeResult.Failed(string.Empty, "Ce compte n'existe pas.");
        }

        if (user.PasswordHash is not null)
        {
            return UserChangeResult.Failed(string.Empty, "Ce compte a déjà choisi son mot de passe : l'utilisateur peut utiliser « Mot de passe oublié ».");
        }

        if (user.IsDisabled)
        {
            return UserChangeResult.Failed(string.Empty, "Ce compte est désactivé : réactivez-le avant de renvoyer l'invitation.");
        }

        // A new security stamp voids the links already sent: only the newest invitation works.
        await userManager.UpdateSecurityStampAsync(user);
        await emails.SendInvitationAsync(user, cancellationToken);
        return new UserChangeResult { UserId = id };
    }

    /// <summary>
    /// Records a change the user made to its own account through Identity (first password, reset, change): never the
    /// password itself. Identity has already saved it; the entry follows in its own transaction.
    /// </summary>
    public async Task RecordSelfServiceAsync(long id, string action, CancellationToken cancellationToken = default)
    {
        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var after = await users.GetDetailsAsync(connection, tx, id);
        if (after is not null)
        {
            await audit.WriteAsync(connection, tx, EntityType, id, action, null, Snapshot(after));
        }

        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// A refused login, two-factor code or current password, or a recovery code used: the address typed and the
    /// account if there is one, never the password or the code. The request has no signed-in user yet (or not the one
    /// concerned), so the entry names the address rather than the session.
    /// </summary>
    public async Task RecordSignInEventAsync(string email, string action, CancellationToken cancellationToken = default)
    {
        var typed = email.Trim();
        if (typed.Length > MaxEmailLength)
        {
            typed = typed[..MaxEmailLength];
        }

        var user = await userManager.FindByEmailAsync(typed);
        await using var connection = await factory.OpenAsync(cancellationToken);
        await auditLog.InsertAsync(connection, null, new AuditEntry
        {
            AtUtc = clock.GetUtcNow().UtcDateTime,
            UserId = user?.Id,
            UserEmail = typed,
            EntityType = EntityType,
            EntityId = user?.Id,
            Action = action,
        });
    }

    public static bool IsValidEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email) || email.Length > MaxEmailLength || email.Any(char.IsWhiteSpace))
        {
            return false;
        }

        // MailAddress accepts display names and a host without a dot; an account needs a plain, routable address.
        return MailAddress.TryCreate(email, out var address)
            && string.Equals(address.Address, email, StringComparison.Ordinal)
            && address.Host.Contains('.', StringComparison.Ordinal)
            && !address.Host.StartsWith('.')
            && !address.Host.EndsWith('.');
    }

    private async Task<UserChangeResult> ValidateAsync(UserInput input, long? existingId, CancellationToken cancellationToken)
    {
        var result = new UserChangeResult();
        var email = input.Email?.Trim();
        if (string.IsNullOrEmpty(email))
        {
            result.Errors["Email"] = "L'adresse électronique est obligatoire.";
        }
        else if (!IsValidEmail(email))
        {
            result.Errors["Email"] = "L'adresse électronique n'est pas valide (exemple : prenom.nom@collectivite.fr).";
        }
        else if (existingId is null && await users.EmailExistsAsync(userManager.NormalizeEmail(email), null, cancellationToken))
        {
            result.Errors["Email"] = "Un compte existe déjà pour cette adresse électronique.";
        }

        var displayName = input.DisplayName?.Trim();
        if (string.IsNullOrEmpty(displayName))
        {
            result.Errors["DisplayName"] = "Le nom est obligatoire.";
        }
        else if (displayName.Length > MaxDisplayNameLength)
        {
            result.Errors["DisplayName"] = string.Create(CultureInfo.InvariantCulture, $"Le nom ne doit pas dépasser {MaxDisplayNameLength} caractères.");
        }

        if (input.Roles.Count == 0)
        {
            result.Errors["Roles"] = "Choisissez au moins un rôle.";
        }
        else if (!input.Roles.All(Roles.IsKnown))
        {
            result.Errors["Roles"] = "Un rôle choisi n'existe pas.";
        }

        if (input.Roles.Contains(Roles.MemberBuyer, StringComparer.Ordinal))
        {
            if (input.MemberIds.Count == 0)
            {
                result.Errors["MemberIds"] = "Un acheteur doit agir pour au moins un membre : choisissez-en un.";
            }
            else
            {
                var known = (await members.ListIdsAndNamesAsync(cancellationToken)).Select(m => m.Id).ToHashSet();
                if (!input.MemberIds.All(known.Contains))
                {
                    result.Errors["MemberIds"] = "Un membre choisi n'existe pas.";
                }
            }
        }

        return result;
    }

    private static List<string> Normalize(IEnumerable<string> roles) =>
        Roles.All.Where(r => roles.Contains(r, StringComparer.Ordinal)).ToList();

    /// <summary>What the audit log keeps of an account: never the password hash nor the stamps.</summary>
    private static object Snapshot(UserDetails details) => Snapshot(details.User, details.Roles, details.MemberIds);

    private static object Snapshot(AppUser user, IReadOnlyList<string> roles, IReadOnlyList<long> memberIds) => new
    {
        user.Email,
        user.DisplayName,
        Roles = roles,
        MemberIds = memberIds,
        user.IsDisabled,
        user.EmailConfirmed,
        HasPassword = user.PasswordHash is not null,
        user.TwoFactorEnabled,
    };
}

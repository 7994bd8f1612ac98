using System.ComponentModel.DataAnnotations;
using System.Globalization;
using ProcurementGroup.Core.Identifiers;
using ProcurementGroup.Core.Members;
using ProcurementGroup.Core.OpenData;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Data.Members;
using ProcurementGroup.Web.Infrastructure.Auditing;
using ProcurementGroup.Web.Infrastructure.Forms;

namespace ProcurementGroup.Web.Features.Coordinator;

public sealed class CoordinatorForm
{
    public int Version { get; set; }

    [Display(Name = "Nom")]
    public string? Name { get; set; }

    [Display(Name = "SIRET")]
    public string? Siret { get; set; }

    [Display(Name = "Adresse (ligne 1)")]
    public string? AddressLine1 { get; set; }

    [Display(Name = "Adresse (ligne 2)")]
    public string? AddressLine2 { get; set; }

    [Display(Name = "Code postal")]
    public string? PostalCode { get; set; }

    [Display(Name = "Ville")]
    public string? City { get; set; }

    [Display(Name = "Courriel")]
    public string? Email { get; set; }

    [Display(Name = "Téléphone")]
    public string? Phone { get; set; }

    [Display(Name = "Comptable public")]
    public string? PublicAccountant { get; set; }

    [Display(Name = "IBAN")]
    public string? PaymentIban { get; set; }

    [Display(Name = "BIC")]
    public string? PaymentBic { get; set; }

    [Display(Name = "Modalités de paiement")]
    public string? PaymentDetails { get; set; }

    [Display(Name = "Délai de paiement des états (jours)")]
    public string? PaymentTermDays { get; set; }

    [Display(Name = "Compte budgétaire des titres de recettes")]
    public string? BudgetAccount { get; set; }

    [Display(Name = "Préfixe OCID (données ouvertes OCDS)")]
    public string? OcdsPrefix { get; set; }

    [Display(Name = "Logo (PNG ou JPEG, 1 Mo au plus)")]
    public IFormFile? Logo { get; set; }

    public bool HasLogo { get; set; }

    public static CoordinatorForm From(CoordinatorSettings? s) => s is null ? new CoordinatorForm() : new CoordinatorForm
    {
        Version = s.Version,
        Name = s.Name,
        Siret = s.Siret,
        AddressLine1 = s.AddressLine1,
        AddressLine2 = s.AddressLine2,
        PostalCode = s.PostalCode,
        City = s.City,
        Email = s.Email,
        Phone = s.Phone,
        PublicAccountant = s.PublicAccountant,
        PaymentIban = s.PaymentIban,
        PaymentBic = s.PaymentBic,
        PaymentDetails = s.PaymentDetails,
        PaymentTermDays = s.PaymentTermDays?.ToString(CultureInfo.InvariantCulture),
        BudgetAccount = s.BudgetAccount,
        OcdsPrefix = s.OcdsPrefix,
        HasLogo = s.Logo is { Length: > 0 },
    };
}

/// <summary>Saves the coordinator's identity (with its audit entry) and checks the logo by its bytes, not its name.</summary>
public sealed class CoordinatorService(IDbConnectionFactory factory, ICoordinatorRepository repository, IAuditTrail audit, TimeProvider clock)
{
    public const string EntityType = "CoordinatorSettings";
    public const int LogoMaxBytes = 1024 * 1024;

    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>"image/png" or "image/jpeg" from the file's first bytes, or null.</summary>
    public static string? ImageType(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith(PngMagic) ? "image/png"
        : bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF ? "image/jpeg"
        : null;

    public static IReadOnlyList<(string Field, string Message)> Validate(CoordinatorForm f)
    {
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(f.Name))
        {
            errors.Add((nameof(f.Name), "Le nom est obligatoire."));
        }

        foreach (var (field, value) in new[]
        {
            (nameof(f.Name), f.Name), (nameof(f.AddressLine1), f.AddressLine1), (nameof(f.AddressLine2), f.AddressLine2), (nameof(f.City), f.City),
            (nameof(f.Phone), f.Phone), (nameof(f.PublicAccountant), f.PublicAccountant), (nameof(f.PaymentIban), f.PaymentIban), (nameof(f.PaymentBic), f.PaymentBic),
        })
        {
            if (value is { Length: > 200 })
            {
                errors.Add((field, "Ce champ ne doit pas dépasser 200 caractères."));
            }
        }

        if (f.PaymentDetails is { Length: > 2000 })
        {
            errors.Add((nameof(f.PaymentDetails), "Ce champ ne doit pas dépasser 2 000 caractères."));
        }

        if (!string.IsNullOrWhiteSpace(f.PaymentTermDays) && PaymentTermDays(f.PaymentTermDays) is null)
        {
            errors.Add((nameof(f.PaymentTermDays), $"Indiquez un nombre entier de jours, de 0 à {CoordinatorSettings.MaxPaymentTermDays}."));
        }

        if (!string.IsNullOrWhiteSpace(f.BudgetAccount)
            && !(f.BudgetAccount.Trim() is { Length: > 0 and <= CoordinatorSettings.MaxBudgetAccountLength } account && account.All(char.IsAsciiDigit)))
        {
            errors.Add((nameof(f.BudgetAccount), $"Le compte budgétaire s'écrit en chiffres, {CoordinatorSettings.MaxBudgetAccountLength} au plus (par exemple 70878)."));
        }

        if (!string.IsNullOrWhiteSpace(f.OcdsPrefix) && !OcdsIdentifiers.IsValidPrefix(f.OcdsPrefix.Trim()))
        {
            errors.Add((nameof(f.OcdsPrefix), "Le préfixe OCID s'écrit « ocds- » suivi de 6 lettres minuscules ou chiffres, tel que l'Open Contracting Partnership l'a attribué (par exemple ocds-213czf)."));
        }

        if (!string.IsNullOrWhiteSpace(f.Siret) && !Siret.IsValid(f.Siret))
        {
            errors.Add((nameof(f.Siret), "Le SIRET doit comporter 14 chiffres et une clé de contrôle valide."));
        }

        if (!string.IsNullOrWhiteSpace(f.Email) && !MemberValidator.IsEmail(f.Email.Trim()))
        {
            errors.Add((nameof(f.Email), "L'adresse électronique n'est pas valide."));
        }

        if (!string.IsNullOrWhiteSpace(f.PostalCode) && !(f.PostalCode.Trim().Length == 5 && f.PostalCode.Trim().All(char.IsAsciiDigit)))
        {
            errors.Add((nameof(f.PostalCode), "Le code postal doit comporter 5 chiffres."));
        }

        return errors;
    }

    public async Task<SaveResult> SaveAsync(CoordinatorForm form, CancellationToken cancellationToken = default)
    {
        var errors = Validate(form).ToList();
        byte[]? logo = null;
        string? logoType = null;
        if (form.Logo is { Length: > 0 } file)
        {
            if (file.Length > LogoMaxBytes)
            {
                errors.Add((nameof(form.Logo), "Le logo ne doit pas dépasser 1 Mo."));
            }
            else
            {
                using var ms = new MemoryStream();
                await using (var s = file.OpenReadStream())
                {
                    await s.CopyToAsync(ms, cancellationToken);
                }

                logo = ms.ToArray();
                logoType = ImageType(logo);
                if (logoType is null)
                {
                    errors.Add((nameof(form.Logo), "Le logo doit être une image PNG ou JPEG."));
                }
            }
        }

        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        await using var connection = await factory.OpenAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var before = await repository.GetAsync(connection, tx);
        var settings = new CoordinatorSettings
        {
            Name = form.Name!.Trim(),
            Siret = FormText.Clean(form.Siret) is { } siret ? Core.Identifiers.Siren.Compact(siret) : null,
            AddressLine1 = FormText.Clean(form.AddressLine1),
            AddressLine2 = FormText.Clean(form.AddressLine2),
            PostalCode = FormText.Clean(form.PostalCode),
            City = FormText.Clean(form.City),
            Email = FormText.Clean(form.Email),
            Phone = FormText.Clean(form.Phone),
            PublicAccountant = FormText.Clean(form.PublicAccountant),
            PaymentIban = FormText.Clean(form.PaymentIban),
            PaymentBic = FormText.Clean(form.PaymentBic),
            PaymentDetails = FormText.Clean(form.PaymentDetails),
            PaymentTermDays = FormText.Clean(form.PaymentTermDays) is { } days ? PaymentTermDays(days) : null,
            BudgetAccount = FormText.Clean(form.BudgetAccount),
            OcdsPrefix = FormText.Clean(form.OcdsPrefix),
            Logo = logo ?? before?.Logo,
            LogoContentType = logoType ?? before?.LogoContentType,
            Version = form.Version,
            UpdatedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        if (!await repository.SaveAsync(connection, tx, settings))
        {
            return SaveResult.Conflicted;
        }

        await audit.WriteAsync(connection, tx, EntityType, 1, before is null ? "Created" : "Updated", ForAudit(before), ForAudit(settings));
        await tx.CommitAsync(cancellationToken);
        return SaveResult.Ok(1);
    }

    /// <summary>A payment term typed as a whole number of days from 0 to <see cref="CoordinatorSettings.MaxPaymentTermDays"/>, else null.</summary>
    private static int? PaymentTermDays(string text) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days <= CoordinatorSettings.MaxPaymentTermDays ? days : null;

    // The logo's bytes stay out of the audit log: its size and type say enough.
    private static object? ForAudit(CoordinatorSettings? s) => s is null ? null : new
    {
        s.Name, s.Siret, s.AddressLine1, s.AddressLine2, s.PostalCode, s.City, s.Email, s.Phone, s.PublicAccountant,
        s.PaymentIban, s.PaymentBic, s.PaymentDetails, s.PaymentTermDays, s.BudgetAccount, s.OcdsPrefix, LogoBytes = s.Logo?.Length, s.LogoContentType, s.Version,
    };
}

using System.ComponentModel.DataAnnotations;

namespace ProcurementGroup.Web.Features.Account;

public sealed class LoginViewModel
{
    [Display(Name = "Adresse électronique")]
    [Required(ErrorMessage = "L'adresse électronique est obligatoire.")]
    [StringLength(254, ErrorMessage = "L'adresse électronique est trop longue.")]
    public string? Email { get; set; }

    [Display(Name = "Mot de passe")]
    [Required(ErrorMessage = "Le mot de passe est obligatoire.")]
    [StringLength(1000, ErrorMessage = "Le mot de passe est trop long.")]
    [DataType(DataType.Password)]
    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed class ChangePasswordViewModel
{
    [Display(Name = "Mot de passe actuel")]
    [Required(ErrorMessage = "Le mot de passe actuel est obligatoire.")]
    [DataType(DataType.Password)]
    public string? CurrentPassword { get; set; }

    [Display(Name = "Nouveau mot de passe")]
    [Required(ErrorMessage = "Le nouveau mot de passe est obligatoire.")]
    [StringLength(1000, MinimumLength = 12, ErrorMessage = "Le mot de passe doit contenir au moins 12 caractères.")]
    [DataType(DataType.Password)]
    public string? NewPassword { get; set; }

    [Display(Name = "Confirmation du nouveau mot de passe")]
    [Required(ErrorMessage = "Confirmez le nouveau mot de passe.")]
    [Compare(nameof(NewPassword), ErrorMessage = "Les deux mots de passe ne sont pas identiques.")]
    [DataType(DataType.Password)]
    public string? ConfirmPassword { get; set; }
}

public sealed class ForgotPasswordViewModel
{
    [Display(Name = "Adresse électronique")]
    [Required(ErrorMessage = "L'adresse électronique est obligatoire.")]
    [StringLength(254, ErrorMessage = "L'adresse électronique est trop longue.")]
    public string? Email { get; set; }

    public bool Sent { get; set; }
}

/// <summary>Choosing a password from an e-mailed link: the invitation (first password) or a reset.</summary>
public sealed class NewPasswordViewModel
{
    [Required(ErrorMessage = "Ce lien est incomplet : ouvrez le lien reçu par courriel.")]
    public string? Email { get; set; }

    [Required(ErrorMessage = "Ce lien est incomplet : ouvrez le lien reçu par courriel.")]
    public string? Token { get; set; }

    [Display(Name = "Nouveau mot de passe")]
    [Required(ErrorMessage = "Le nouveau mot de passe est obligatoire.")]
    [StringLength(1000, MinimumLength = 12, ErrorMessage = "Le mot de passe doit contenir au moins 12 caractères.")]
    [DataType(DataType.Password)]
    public string? NewPassword { get; set; }

    [Display(Name = "Confirmation du mot de passe")]
    [Required(ErrorMessage = "Confirmez le mot de passe.")]
    [Compare(nameof(NewPassword), ErrorMessage = "Les deux mots de passe ne sont pas identiques.")]
    [DataType(DataType.Password)]
    public string? ConfirmPassword { get; set; }

    public NewPasswordViewModel WithoutPasswords() => new() { Email = Email, Token = Token };
}

public sealed class TwoFactorLoginViewModel
{
    [Display(Name = "Code à 6 chiffres")]
    [Required(ErrorMessage = "Saisissez le code affiché par l'application.")]
    [StringLength(12, ErrorMessage = "Le code est trop long.")]
    public string? Code { get; set; }

    public string? ReturnUrl { get; set; }
}

public sealed class RecoveryCodeLoginViewModel
{
    [Display(Name = "Code de récupération")]
    [Required(ErrorMessage = "Saisissez un de vos codes de récupération.")]
    [StringLength(50, ErrorMessage = "Le code est trop long.")]
    public string? RecoveryCode { get; set; }

    public string? ReturnUrl { get; set; }
}

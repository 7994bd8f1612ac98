using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace ProcurementGroup.Web.Infrastructure.Localization;

/// <summary>
/// The messages MVC itself writes when a posted value cannot be bound (a letter in a number field, a missing value),
/// in French like the rest of the interface.
/// </summary>
public static class FrenchModelBindingMessages
{
    public static void Apply(DefaultModelBindingMessageProvider provider)
    {
        provider.SetAttemptedValueIsInvalidAccessor((value, field) => $"La valeur « {value} » n'est pas valide pour le champ {field}.");
        provider.SetMissingBindRequiredValueAccessor(field => $"Le champ {field} est obligatoire.");
        provider.SetMissingKeyOrValueAccessor(() => "Une valeur est obligatoire.");
        provider.SetMissingRequestBodyRequiredValueAccessor(() => "Le formulaire est vide.");
        provider.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"La valeur « {value} » n'est pas valide.");
        provider.SetNonPropertyUnknownValueIsInvalidAccessor(() => "La valeur saisie n'est pas valide.");
        provider.SetNonPropertyValueMustBeANumberAccessor(() => "La valeur doit être un nombre.");
        provider.SetUnknownValueIsInvalidAccessor(field => $"La valeur saisie n'est pas valide pour le champ {field}.");
        provider.SetValueIsInvalidAccessor(value => $"La valeur « {value} » n'est pas valide.");
        provider.SetValueMustBeANumberAccessor(field => $"Le champ {field} doit être un nombre.");
        provider.SetValueMustNotBeNullAccessor(value => $"La valeur « {value} » n'est pas valide.");
    }
}

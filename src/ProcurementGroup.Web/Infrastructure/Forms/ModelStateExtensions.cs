namespace ProcurementGroup.Web.Infrastructure.Forms;

/// <summary>Copies service messages into ModelState, next to their fields.</summary>
public static class ModelStateExtensions
{
    public static void AddErrors(this Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState, SaveResult result, string prefix = "")
    {
        foreach (var (field, message) in result.Errors ?? [])
        {
            modelState.AddModelError(prefix.Length == 0 || field.Length == 0 ? field : prefix + "." + field, message);
        }

        if (result.Status == SaveStatus.Conflict)
        {
            modelState.AddModelError(string.Empty, SaveResult.ConflictMessage);
        }
    }

    /// <summary>
    /// The messages next to their fields, and for a conflict the answer 409: the stale page is shown again with what
    /// was typed, the stored record is untouched.
    /// </summary>
    public static void ShowErrors(this Microsoft.AspNetCore.Mvc.Controller controller, SaveResult result, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(result);
        controller.ModelState.AddErrors(result, prefix);
        if (result.Status == SaveStatus.Conflict)
        {
            controller.Response.StatusCode = StatusCodes.Status409Conflict;
        }
    }
}

using System.Net.Http.Headers;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.NeedsDocuments;

/// <summary>The needs spreadsheet upload as the browser posts it, with the antiforgery token read from the page.</summary>
public static class NeedsUpload
{
    public static async Task<HttpResponseMessage> UploadAsync(
        HttpClient client,
        long formId,
        byte[] bytes,
        string fileName = "besoins.xlsx",
        string? changeReason = null,
        string contentType = "application/octet-stream")
    {
        var token = await client.AntiforgeryTokenAsync($"/NeedsDocuments/Upload/{formId}");
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(token), "__RequestVerificationToken");
        if (changeReason is not null)
        {
            content.Add(new StringContent(changeReason), "ChangeReason");
        }

        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Add(file, "File", fileName);
        return await client.PostAsync($"/NeedsDocuments/Upload/{formId}", content);
    }
}

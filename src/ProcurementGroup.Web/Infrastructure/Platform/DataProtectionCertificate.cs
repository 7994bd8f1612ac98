using System.Security.Cryptography.X509Certificates;

namespace ProcurementGroup.Web.Infrastructure.Platform;

/// <summary>
/// The certificate that encrypts the Data Protection keys at rest, from <c>DataProtection:CertificatePath</c> (a PKCS#12
/// file with its private key) and <c>DataProtection:CertificatePassword</c>. After a rotation, the former certificates
/// stay in <c>DataProtection:PreviousCertificatePaths</c> (same password) so that keys written under them still decrypt.
/// </summary>
public sealed record DataProtectionCertificate(X509Certificate2 Current, IReadOnlyList<X509Certificate2> Previous)
{
    public const string SectionName = "DataProtection";

    public static DataProtectionCertificate? Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        var path = section["CertificatePath"];
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var password = section["CertificatePassword"];
        var previous = (section.GetSection("PreviousCertificatePaths").Get<string[]>() ?? [])
            .Where(p => !string.IsNullOrWhiteSpace(p))
            .Select(p => Open(p, password))
            .ToList();
        return new DataProtectionCertificate(Open(path, password), previous);
    }

    private static X509Certificate2 Open(string path, string? password)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"DataProtection: the certificate file {path} does not exist.");
        }

        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"DataProtection: the certificate {path} has no private key; keys could not be read back.");
        }

        return certificate;
    }
}

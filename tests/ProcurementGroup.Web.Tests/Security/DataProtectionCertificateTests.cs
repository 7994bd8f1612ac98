using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using ProcurementGroup.Data.Infrastructure;
using ProcurementGroup.Web.Tests.Infrastructure;

namespace ProcurementGroup.Web.Tests.Security;

/// <summary>The app with DataProtection:CertificatePath pointing at a self-signed certificate made by the test.</summary>
public sealed class CertificateTestApp : TestApp
{
    public const string Password = "mot de passe du certificat";

    public CertificateTestApp()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=ProcurementGroup Data Protection", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        CertificateBase64 = Convert.ToBase64String(certificate.RawData);
        CertificatePath = Path.Combine(Directory, "dataprotection.pfx");
        File.WriteAllBytes(CertificatePath, certificate.Export(X509ContentType.Pkcs12, Password));
    }

    public string CertificatePath { get; }

    /// <summary>The public certificate as EncryptedXml names it in the key's KeyInfo.</summary>
    public string CertificateBase64 { get; }

    // Read while services are composed, hence a host setting rather than an app-configuration source.
    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("DataProtection:CertificatePath", CertificatePath);
        builder.UseSetting("DataProtection:CertificatePassword", Password);
    }
}

public sealed class DataProtectionCertificateTests(CertificateTestApp app) : IClassFixture<CertificateTestApp>
{
    [Fact]
    public async Task WithACertificate_KeysAreStoredEncrypted_AndStillProtect()
    {
        var protector = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("ProcurementGroup.Tests");
        var token = protector.Protect("jeton de connexion");
        Assert.Equal("jeton de connexion", protector.Unprotect(token));

        await using var connection = new SqliteConnection(DbConnectionFactory.SqliteConnectionString(app.DatabasePath));
        var keys = (await connection.QueryAsync<string>("SELECT Xml FROM DataProtectionKeys")).ToList();
        Assert.Single(keys);
        Assert.Contains("<encryptedSecret", keys[0], StringComparison.Ordinal);
        Assert.Contains(app.CertificateBase64, keys[0].Replace("\n", string.Empty, StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", keys[0], StringComparison.Ordinal);

        // A login works end to end with the encrypted ring.
        var client = await app.LoginAsync("marches@demo.local");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/Campaigns")).StatusCode);
    }
}

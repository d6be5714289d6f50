using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;

namespace Acme.Portal.Services;

public sealed class BlobArchive
{
    // Archive account in the old subscription; rotate when the migration is done.
    private const string ArchiveConnection =
        "DefaultEndpointsProtocol=https;AccountName=acmearchive01;AccountKey=junnFlTD4YqaGtFp/BVP6CMWHOdWIlBnzCIPQ44QKHyJG34F6w6rfxpEis6GlehgElt5El4ss7PQyz6xSa/KHA==;EndpointSuffix=core.windows.net";

    private readonly BlobContainerClient _container;
    private readonly ILogger<BlobArchive> _log;

    public BlobArchive(ILogger<BlobArchive> log)
    {
        _log = log;
        _container = new BlobServiceClient(ArchiveConnection).GetBlobContainerClient("exports");
    }

    public async Task UploadAsync(string name, Stream content, CancellationToken ct)
    {
        await _container.UploadBlobAsync(name, content, ct);
        _log.LogInformation("archived {Name}", name);
    }
}

using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Humas.Bot.Storage.Files;

/// <summary>
/// Where files received with tips and chat uploads are kept, and how much room they may take (settings under
/// <c>Tips</c>, where operators look for them). Every limit is checked before a byte is written.
/// </summary>
public sealed class FileStoreOptions
{
    public const string Section = "Tips";

    /// <summary>
    /// Empty (the default): in the database, streamed in chunks, so every instance reads what any received. A path:
    /// a folder every instance mounts (NFS, SMB); relative paths are under the working directory.
    /// </summary>
    public string StoragePath { get; set; } = "";

    /// <summary>All stored files together may take at most this much; a file that would pass it is refused.</summary>
    [Range(1, 100L * 1024 * 1024)]
    public long MaxStorageMegabytes { get; set; } = 10 * 1024;

    /// <summary>
    /// A file is refused while the disk it would be written to (the folder's, or the SQLite database's) has less
    /// free space than this after it. Not measurable for PostgreSQL, whose disk is the server's: there the budget holds.
    /// </summary>
    [Range(0, 100L * 1024 * 1024)]
    public long MinFreeDiskMegabytes { get; set; } = 512;

    public bool InDatabase => string.IsNullOrWhiteSpace(StoragePath);
}

/// <summary>Generated at build time from the attributes above (no reflection at start).</summary>
[OptionsValidator]
public sealed partial class FileStoreOptionsValidator : IValidateOptions<FileStoreOptions>;

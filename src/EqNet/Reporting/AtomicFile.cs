namespace EqNet.Reporting;

/// <summary>Writes files so that a reader never sees a half-written one.</summary>
internal static class AtomicFile
{
    /// <summary>
    /// Writes <paramref name="contents"/> to a temporary file in the same folder, then renames it
    /// over <paramref name="path"/>; a rename within one folder replaces the file in one step.
    /// </summary>
    public static void WriteAllBytes(string path, byte[] contents)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temporary, contents);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}

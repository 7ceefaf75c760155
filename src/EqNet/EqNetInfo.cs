namespace EqNet;

/// <summary>Facts about this build of the library.</summary>
public static class EqNetInfo
{
    /// <summary>Version of the model file format (2: adds the checksum and the model kind; version 1 files still load).</summary>
    public const int FormatVersion = 2;
}

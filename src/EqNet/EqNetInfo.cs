namespace EqNet;

/// <summary>Facts about this build of the library.</summary>
public static class EqNetInfo
{
    /// <summary>
    /// Version of the model file format (2: adds the checksum and the model kind; 3: adds the network's correction
    /// stages; older files still load).
    /// </summary>
    public const int FormatVersion = 3;
}

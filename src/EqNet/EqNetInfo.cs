namespace EqNet;

/// <summary>Facts about this build of the library.</summary>
public static class EqNetInfo
{
    /// <summary>Version of the model file format.</summary>
    public const int FormatVersion = 1;
}

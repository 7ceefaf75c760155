namespace EqNet;

/// <summary>Facts about this build of the library.</summary>
public static class EqNetInfo
{
    /// <summary>
    /// Version of the model file format (2: adds the checksum and the model kind; 3: adds outputs computed from equations
    /// after the network's, <c>computed</c>, each output's structure, a checksum on formula models too, and the network's
    /// correction stages; 4: adds Newton steps after the network, <c>refinement</c>; files of versions 1 to 3 still load).
    /// </summary>
    public const int FormatVersion = 4;
}

namespace EqNet.Cli;

/// <summary>
/// Process exit codes: 0 success, 1 internal error (a bug: report it), 2 user error (fix the input; <c>predict --in</c> also
/// when some rows could not be read, which are written with empty outputs and listed on stderr).
/// </summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int InternalError = 1;
    public const int UserError = 2;
}

return EqNet.Cli.CommandLine.Run(args);

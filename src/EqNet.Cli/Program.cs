System.Console.WriteLine("eqnet");

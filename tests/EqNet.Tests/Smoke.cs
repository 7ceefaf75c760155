namespace EqNet.Tests; public class Smoke { [Fact] public void Works() => Assert.Equal(1, EqNet.EqNetInfo.FormatVersion); }

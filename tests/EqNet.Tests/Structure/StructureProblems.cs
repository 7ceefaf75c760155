namespace EqNet.Tests.Structure;

/// <summary>Small coupled systems with a known structure.</summary>
internal static class StructureProblems
{
    /// <summary>
    /// Three nodes of a diode ladder (nodal analysis, as bench/systems/diode-ladder.yaml with fewer inputs): a loop of
    /// three equations; V1 torn, V2 computed from equation 1 and V3 from equation 2 (both linear there), equation 3 left.
    /// </summary>
    public const string DiodeLadder = """
        name: diode-ladder-small
        inputs:
          Vs: {min: 1, max: 10}
          R1: {min: 1000, max: 10000, sampling: log}
          R2: {min: 1000, max: 10000, sampling: log}
          R3: {min: 1000, max: 10000, sampling: log}
        outputs:
          V1: {min: 0, max: 3}
          V2: {min: 0, max: 3}
          V3: {min: 0, max: 3}
        equations:
          - Vs/R1 + V2/R2 = V1/R1 + V1/R2 + 1e-12*(exp(V1/0.03) - 1)
          - V1/R2 + V3/R3 = V2/R2 + V2/R3 + 1e-12*(exp(V2/0.03) - 1)
          - V2/R3 = V3/R3 + V3/5000 + 1e-12*(exp(V3/0.03) - 1)
        """;

    /// <summary>
    /// The diode ladder as bench/systems/diode-ladder.yaml has it: resistances over three decades, so V1 computed from
    /// the middle node's equation amplifies an error of V2 - V3 up to R2/R3 = 1000-fold into V1's exponential.
    /// </summary>
    public const string WideDiodeLadder = """
        name: diode-ladder
        inputs:
          Vs: {min: 0.2, max: 20, sampling: log}
          R1: {min: 100, max: 1e5, sampling: log}
          R2: {min: 100, max: 1e5, sampling: log}
          R3: {min: 100, max: 1e5, sampling: log}
          RL: {min: 100, max: 1e5, sampling: log}
          Is: {min: 1e-15, max: 1e-9, sampling: log}
          nd: {min: 1, max: 2}
          T:  {min: 250, max: 400}
        outputs:
          V1: {min: 0, max: 3}
          V2: {min: 0, max: 3}
          V3: {min: 0, max: 3}
        equations:
          - Vs/R1 + V2/R2 = V1/R1 + V1/R2 + Is*(exp(V1/(nd*8.617333e-5*T)) - 1)
          - V1/R2 + V3/R3 = V2/R2 + V2/R3 + Is*(exp(V2/(nd*8.617333e-5*T)) - 1)
          - V2/R3 = V3/R3 + V3/RL + Is*(exp(V3/(nd*8.617333e-5*T)) - 1)
        """;

    /// <summary>
    /// The point of an ellipse closest to (p, q), by a Lagrange multiplier: x and y are linear in their equations, but
    /// their slopes 1 + lam/a^2 and 1 + lam/b^2 vanish at lam = -a^2, -b^2 inside lam's bounds.
    /// </summary>
    public const string EllipseClosestPoint = """
        name: ellipse-closest-point
        inputs:
          a: {min: 0.1, max: 10, sampling: log}
          b: {min: 0.05*a, max: a, sampling: log}
          p: {min: 1e-3*a, max: 3*a, sampling: log}
          q: {min: 1e-3*a, max: 3*a, sampling: log}
        outputs:
          x:   {min: 0, max: 12}
          y:   {min: 0, max: 12}
          lam: {min: -120, max: 1000}
        equations:
          - x - p + lam*x/a**2 = 0
          - y - q + lam*y/b**2 = 0
          - x**2/a**2 + y**2/b**2 = 1
        """;

    /// <summary>
    /// A looped water network with Hazen-Williams losses (as bench/systems/pipe-network-hazen-williams.yaml): eight
    /// unknowns in one block; two flows torn, the other flows and heads computed.
    /// </summary>
    public const string PipeNetwork = """
        name: pipe-network
        inputs:
          HR: {min: 50, max: 80}
          HT: {min: HR - 30, max: HR - 5}
          C:  {min: 80, max: 140}
          d2: {min: 0.0005, max: 0.05, sampling: log}
          d3: {min: 0.0005, max: 0.05, sampling: log}
          d4: {min: 0.0005, max: 0.05, sampling: log}
        outputs:
          Qa: {min: -0.5, max: 0.5}
          Qb: {min: -0.5, max: 0.5}
          Qc: {min: -0.5, max: 0.5}
          Qd: {min: -0.5, max: 0.5}
          Qe: {min: -0.5, max: 0.5}
          H2: {min: 0, max: 100}
          H3: {min: 0, max: 100}
          H4: {min: 0, max: 100}
        equations:
          - HR = H2 + 10.67*500/(C**1.852*0.30**4.87)*Qa*abs(Qa)**0.852
          - H2 = H3 + 10.67*400/(C**1.852*0.20**4.87)*Qb*abs(Qb)**0.852
          - H2 = H4 + 10.67*600/(C**1.852*0.20**4.87)*Qc*abs(Qc)**0.852
          - H3 = H4 + 10.67*500/(C**1.852*0.15**4.87)*Qd*abs(Qd)**0.852
          - H4 = HT + 10.67*300/(C**1.852*0.25**4.87)*Qe*abs(Qe)**0.852
          - Qa = Qb + Qc + d2
          - Qb = Qd + d3
          - Qc + Qd = Qe + d4
        """;

    /// <summary>
    /// The bubble point of four alkanes by Raoult's law and Antoine's equation (as bench/systems/bubble-point-antoine.yaml):
    /// T torn, each vapour fraction computed linearly from its Antoine equation, the sum of fractions left.
    /// </summary>
    public const string BubblePoint = """
        name: bubble-point
        inputs:
          P:  {min: 100, max: 3000, sampling: log}
          x1: {min: 0.02, max: 0.9}
          x2: {min: 0.02, max: 0.96 - x1}
          x3: {min: 0.02, max: 0.98 - x1 - x2}
        outputs:
          T:  {min: -50, max: 250}
          y1: {min: 0, max: 1}
          y2: {min: 0, max: 1}
          y3: {min: 0, max: 1}
          y4: {min: 0, max: 1}
        equations:
          - y1*P = x1*10**(6.87632 - 1075.78/(T + 233.205))
          - y2*P = x2*10**(6.87601 - 1171.17/(T + 224.41))
          - y3*P = x3*10**(6.89677 - 1264.90/(T + 216.544))
          - y4*P = (1 - x1 - x2 - x3)*10**(6.91868 - 1351.99/(T + 209.155))
          - y1 + y2 + y3 + y4 = 1
        """;

    /// <summary>
    /// A diprotic acid titrated with a strong base: species over ten decades. Torn at h2a and a2, ha = C - h2a - a2 loses
    /// its small values' digits (C up to 1e5 times ha); torn at h and ha, every other species is a product or a quotient.
    /// </summary>
    public const string DiproticAcid = """
        name: diprotic-acid
        inputs:
          C:   {min: 1e-5, max: 1, sampling: log}
          Ka1: {min: 1e-5, max: 1e-1, sampling: log}
          Ka2: {min: 1e-11, max: 1e-6, sampling: log}
          nb:  {min: 0.05, max: 1.9}
        outputs:
          h:   {min: 1e-14, max: 1}
          h2a: {min: 0, max: 1}
          ha:  {min: 0, max: 1}
          a2:  {min: 0, max: 1}
        equations:
          - h*ha = Ka1*h2a
          - h*a2 = Ka2*ha
          - h2a + ha + a2 = C
          - h + nb*C = ha + 2*a2 + 1e-14/h
        """;

    /// <summary>
    /// The power-law pumping network (as bench/systems/power-law-pumping-network.yaml): Q1 = Q0 - Q2 is computed as a
    /// difference of two learned flows and sits under a power with a non-integer exponent, NaN where it turns negative.
    /// </summary>
    public const string PumpingNetwork = """
        name: power-law-pumping-network
        inputs:
          K:  {min: 1, max: 1000, sampling: log}
          n:  {min: 0.3, max: 1.0}
          H0: {min: 30, max: 60}
          c:  {min: 200, max: 2000}
          z:  {min: 0, max: 20}
        outputs:
          Q0: {min: 0, max: 0.3}
          Q1: {min: 0, max: 0.3}
          Q2: {min: 0, max: 0.3}
          HJ: {min: 0, max: 60}
        equations:
          - Q0 = Q1 + Q2
          - H0 - c*Q0**2 = HJ + 4*K*50/(0.10*1200*9.81)*((3*n + 1)/(4*n)*32*Q0/(pi*0.10**3))**n
          - HJ = z + 4*K*100/(0.08*1200*9.81)*((3*n + 1)/(4*n)*32*Q1/(pi*0.08**3))**n + (Q1/(pi*0.04**2))**2/(2*9.81)
          - HJ = z + 4*K*150/(0.06*1200*9.81)*((3*n + 1)/(4*n)*32*Q2/(pi*0.06**3))**n + (Q2/(pi*0.03**2))**2/(2*9.81)
        """;
}

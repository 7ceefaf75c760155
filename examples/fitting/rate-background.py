"""Writes rate-background.csv: noisy rates from a known truth for examples/fitting/rate-background.yaml.

    python3 examples/fitting/rate-background.py

Truth: r = k*exp(-Ea/(R*T))*cA + g(T) with k = 1e6 L/(mol s), Ea = 50 kJ/mol and a background rate
g(T) = 0.02*exp((T - 350)/30) mol/(L s) that the fit is not told; 12 temperatures x 4 concentrations, 3 % Gaussian
relative noise (seeded). The standard library only, so it runs anywhere python3 does.
"""
import math
import os
import random

K, EA, R = 1e6, 5e4, 8.314462618
NOISE = 0.03


def background(t):
    return 0.02 * math.exp((t - 350) / 30)


def main():
    rng = random.Random(7)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rate-background.csv")
    with open(path, "w") as out:
        out.write("T,cA,r\n")
        for i in range(12):
            t = 300 + 100 * i / 11
            for ca in (0.25, 0.5, 1.0, 2.0):
                r = K * math.exp(-EA / (R * t)) * ca + background(t)
                out.write(f"{t!r},{ca!r},{r * (1 + NOISE * rng.gauss(0, 1))!r}\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    main()

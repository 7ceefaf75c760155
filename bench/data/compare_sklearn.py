#!/usr/bin/env python3
"""Compare an EqNet network fitted to measured data with scikit-learn's MLPRegressor on the same rows.

Usage:
    eqnet train examples/fitting/hahn1-data.yaml --out runs/hahn1-data --time-budget 20
    python3 bench/data/compare_sklearn.py examples/fitting/hahn1-data.yaml runs/hahn1-data

Reads the run's metrics.json (EqNet's held-out RMSE per data output, the data file) and data-split.csv (which rows
EqNet fitted, used for validation, and held out). MLPRegressor is fitted with its defaults (one hidden layer of 100
relu units, adam, 200 iterations; random_state = EqNet's split seed) on the rows EqNet fitted plus its validation rows
(with defaults sklearn holds no validation set out), once on the inputs standardised by StandardScaler (sklearn's
advice for MLPs) and once on the raw inputs, and scored on the same held-out rows. With 200 iterations of full
batches (fewer than 200 rows fill one batch) adam takes 200 steps and stops short, so a third fit gives it
max_iter=20000 (all else default, standardised inputs): the fairer comparison. Prints the held-out RMSEs.

Needs numpy and scikit-learn (Debian: apt-get install python3-sklearn).
"""
import csv
import json
import os
import sys

import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPRegressor
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def problem_inputs_outputs(problem_path):
    """Input and output names of a problem file, read without a YAML library (EqNet's files are simple enough)."""
    inputs, outputs, section = [], [], None
    with open(problem_path, encoding="utf-8") as f:
        for raw in f:
            line = raw.split("#", 1)[0].rstrip()
            if not line:
                continue
            if not line.startswith(" "):
                key, _, rest = line.partition(":")
                section = key.strip()
                if section == "outputs" and rest.strip().startswith("["):
                    outputs = [n.strip() for n in rest.strip().strip("[]").split(",") if n.strip()]
                continue
            if section == "inputs" and line.startswith("  ") and not line.startswith("   "):
                inputs.append(line.strip().split(":", 1)[0])
            elif section == "outputs" and line.strip().startswith("- "):
                outputs.append(line.strip()[2:].strip())
            elif section == "outputs" and line.startswith("  ") and not line.startswith("   "):
                outputs.append(line.strip().split(":", 1)[0])
    return inputs, outputs


def main():
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    problem_path, run = sys.argv[1], sys.argv[2]
    with open(os.path.join(run, "metrics.json"), encoding="utf-8") as f:
        metrics = json.load(f)
    data = metrics["data"]
    inputs, outputs = problem_inputs_outputs(problem_path)
    with open(data["file"], newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    x = np.array([[float(r[n].strip()) for n in inputs] for r in rows])
    with open(os.path.join(run, data["split_file"]), newline="", encoding="utf-8") as f:
        sets = {int(r["row"]): r["set"] for r in csv.DictReader(f)}
    fit = np.array([i for i in range(len(rows)) if sets[i] in ("train", "validation")])
    test = np.array([i for i in range(len(rows)) if sets[i] == "test"])
    assert list(test) == data["test_rows"], "data-split.csv and metrics.json disagree"
    seed = data["split_seed"]
    print(f"{data['file']}: {len(rows)} rows; fitted on {len(fit)} (EqNet: {data['rows_train']} fitted + {data['rows_validation']} validation), "
          f"held out {len(test)} (seed {seed})")
    for name in outputs:
        y = np.array([float(r[name].strip()) for r in rows])
        model = make_pipeline(StandardScaler(), MLPRegressor(random_state=seed))
        model.fit(x[fit], y[fit])
        rmse = float(np.sqrt(np.mean((model.predict(x[test]) - y[test]) ** 2)))
        raw = MLPRegressor(random_state=seed).fit(x[fit], y[fit])
        rmse_raw = float(np.sqrt(np.mean((raw.predict(x[test]) - y[test]) ** 2)))
        long = make_pipeline(StandardScaler(), MLPRegressor(random_state=seed, max_iter=20000))
        long.fit(x[fit], y[fit])
        rmse_long = float(np.sqrt(np.mean((long.predict(x[test]) - y[test]) ** 2)))
        eqnet = metrics["outputs"][name]["data"]["rmse_test"]
        print(f"  {name}: held-out RMSE  EqNet {eqnet:.4g}   sklearn MLPRegressor: defaults {rmse:.4g} (standardised inputs), "
              f"{rmse_raw:.4g} (raw inputs), max_iter=20000 {rmse_long:.4g} (standardised inputs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

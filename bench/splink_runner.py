"""The anchor of the dedupe benchmark: Splink 4 (DuckDB) configured as its documentation recommends, run on the
same records as the engine, printing one JSON line with seconds, peak RSS and pairwise precision / recall / F1.

Usage: python splink_runner.py INPUT.csv [TRUTH.csv]   (columns: unique_id, truth, and any of first_name, surname,
dob, email, phone, address, city, postcode; empty values are nulls). With TRUTH.csv (truth_ref,truth), INPUT carries
truth_ref instead of truth and the two are joined.
"""
import json
import resource
import sys
import time

import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on


def main(path: str, truth_path: str | None) -> None:
    df = pd.read_csv(path, dtype=str, keep_default_na=False).replace({"": None})
    if truth_path:
        refs = pd.read_csv(truth_path, dtype=str, keep_default_na=False)
        df = df.merge(refs, on="truth_ref", how="inner").drop(columns=["truth_ref"])
    for c in list(df.columns):
        if c not in ("unique_id", "truth") and df[c].isna().all():
            df = df.drop(columns=[c])
    truth = df[["unique_id", "truth"]].copy()
    df = df.drop(columns=["truth"])
    cols = set(df.columns)
    started = time.time()
    comparisons = []
    if "first_name" in cols:
        comparisons.append(cl.NameComparison("first_name").configure(term_frequency_adjustments=True))
    if "surname" in cols:
        comparisons.append(cl.NameComparison("surname").configure(term_frequency_adjustments=True))
    if "dob" in cols:
        comparisons.append(cl.DateOfBirthComparison("dob", input_is_string=True))
    if "email" in cols:
        comparisons.append(cl.EmailComparison("email"))
    if "phone" in cols:
        comparisons.append(cl.ExactMatch("phone").configure(term_frequency_adjustments=True))
    if "address" in cols:
        comparisons.append(cl.LevenshteinAtThresholds("address", [1, 3]))
    if "city" in cols:
        comparisons.append(cl.ExactMatch("city").configure(term_frequency_adjustments=True))
    if "postcode" in cols:
        comparisons.append(cl.LevenshteinAtThresholds("postcode", [1]))
    rules = []
    if {"first_name", "surname"} <= cols:
        rules.append(block_on("first_name", "surname"))
    if {"surname", "dob"} <= cols:
        rules.append(block_on("surname", "dob"))
    if {"first_name", "dob"} <= cols:
        rules.append(block_on("first_name", "dob"))
    if "email" in cols:
        rules.append(block_on("email"))
    if "phone" in cols:
        rules.append(block_on("phone"))
    if {"postcode", "address"} <= cols:
        rules.append(block_on("postcode", "address"))
    if {"postcode", "surname"} <= cols:
        rules.append(block_on("postcode", "surname"))
    settings = SettingsCreator(link_type="dedupe_only", comparisons=comparisons, blocking_rules_to_generate_predictions=rules,
                               retain_intermediate_calculation_columns=False, retain_matching_columns=False)
    linker = Linker(df, settings, db_api=DuckDBAPI())
    deterministic = [r for r in rules[:3]]
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6)
    for r in rules[:3]:
        linker.training.estimate_parameters_using_expectation_maximisation(r)
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, 0.95).as_pandas_dataframe()
    seconds = time.time() - started
    compared = None
    merged = clusters[["unique_id", "cluster_id"]].merge(truth, on="unique_id")
    def pairs(counts):
        return int((counts * (counts - 1) // 2).sum())
    true_pairs = pairs(merged.groupby("truth").size())
    predicted = pairs(merged.groupby("cluster_id").size())
    tp = pairs(merged.groupby(["cluster_id", "truth"]).size())
    precision = tp / predicted if predicted else 1.0
    recall = tp / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"records": len(df), "seconds": round(seconds, 1), "recordsPerSec": round(len(df) / seconds), "peakRssMb": round(peak_mb),
                      "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4), "clusters": int(merged["cluster_id"].nunique()),
                      "comparedPairs": compared, "splink": __import__("splink").__version__}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)

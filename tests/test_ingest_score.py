"""Measured extraction quality stays above the thresholds set (honestly) below what we measure.

Measured when these thresholds were set (see README, "Adding a press release"): every type
at precision and recall 1.0 on the seeds; on the extra documents 1.0 except figure recall
0.952 (a spelled-out « quatre euros » is missed); on the blind document, annotated before
the extractor first ran on it and never tuned on, 1.0 except organisation recall 0.667
(« l'Insee » missed) and site recall 0.5 (« fonderie » is not a site head word).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from relocgraph.ingest.extract import load_nlp
from relocgraph.ingest.score import Counts, load_gold, score, score_document

GOLD = Path(__file__).resolve().parent / "ingest" / "gold"
ROOT = GOLD.parents[2]

pytestmark = pytest.mark.slow  # loads spaCy's French pipeline (seconds)

THRESHOLDS = {"seed": 0.9, "extra": 0.9}
BLIND_MICRO = 0.85

#: Real public documents (data/corpus/): floors at what the extractor reaches today, per
#: set and type, as (precision, recall) — they may only go up. ``blind`` is the never-tuned
#: set: its gold was committed before the extractor first ran on it, and no rule is
#: changed while looking at its output. First measured run: benchmarks/results/
#: ingest-score-real-baseline.txt; after the work of issue 13 (dev tuned, blind measured
#: once at the end): benchmarks/results/ingest-score-real-issue13.txt. The derived rows
#: (quote-span, quote-speaker, figure-period/area/credit) are described in ingest/score.py.
REAL_FLOORS = {
    "dev": {
        "title": (1.0, 0.2),
        "person": (1.0, 1.0),
        "post": (1.0, 1.0),
        "organisation": (0.92, 0.85),
        "company": (1.0, 1.0),
        "plan": (0.58, 0.58),
        "site": (0.27, 1.0),
        "sector": (0.54, 0.63),
        "figure": (0.98, 0.98),
        "date": (0.95, 0.79),
        "quote": (1.0, 1.0),
        "quote-span": (1.0, 1.0),
        "quote-speaker": (1.0, 1.0),
        "figure-period": (0.5, 0.88),
        # 0.97 before 11 real documents were curated: their names and places, now in the
        # registry and so in the gazetteer, changed some areas read (measured again, not tuned)
        "figure-area": (0.78, 0.89),
        "figure-credit": (0.6, 0.6),
    },
    "blind": {
        # set to the one final blind measurement of issue 13. Person precision is the one
        # measure that fell there (1.0 / 0.67 at the first run → 0.75 / 1.0: every person
        # found, one false person): a trade reported as measured (README, CHANGELOG), and
        # the floor pins that measurement; the rules are not tuned on this set to win it back
        "title": (1.0, 0.75),
        "person": (0.75, 1.0),
        "post": (1.0, 1.0),
        "organisation": (0.9, 0.47),
        "company": (0.4, 0.15),
        "plan": (0.58, 0.5),
        "site": (0.4, 1.0),
        "sector": (0.58, 0.35),  # 0.62 before the registry grew with the curated corpus
        "figure": (0.91, 0.85),
        "date": (0.89, 0.85),
        "quote": (0.5, 1.0),
        "quote-span": (0.5, 1.0),
        "quote-speaker": (1.0, 1.0),
        "figure-period": (0.33, 0.37),
        "figure-area": (0.21, 0.37),
        "figure-credit": (0.5, 0.27),
    },
}


@pytest.fixture(scope="module")
def report():
    return score(GOLD.glob("*.json"), root=ROOT, nlp=load_nlp())


def test_gold_covers_the_seeds_and_other_documents():
    sets = sorted(load_gold(p).set for p in GOLD.glob("*.json"))
    assert sets.count("seed") == 2 and sets.count("extra") >= 2 and "extra-blind" in sets
    assert sets.count("blind") >= 5 and sets.count("dev") >= 5  # real public documents


@pytest.mark.parametrize("set_name", sorted(THRESHOLDS))
def test_precision_and_recall_per_type(report, set_name):
    counts = report.counts[set_name]
    assert {"person", "post", "organisation", "plan", "figure", "date", "quote"} <= set(counts)
    low = {
        t: (round(c.precision, 3), round(c.recall, 3))
        for t, c in counts.items()
        if min(c.precision, c.recall) < THRESHOLDS[set_name]
    }
    assert not low, f"below {THRESHOLDS[set_name]} on {set_name}: {low}\n" + "\n".join(report.misses)


@pytest.mark.parametrize("set_name", sorted(REAL_FLOORS))
def test_real_documents_stay_at_or_above_their_floors(report, set_name):
    counts = report.counts[set_name]
    below = {
        t: ((round(counts[t].precision, 3), round(counts[t].recall, 3)), floor)
        for t, floor in REAL_FLOORS[set_name].items()
        if counts[t].precision < floor[0] or counts[t].recall < floor[1]
    }
    assert not below, f"{set_name}: (measured, floor) {below}"


def test_invented_blind_document_overall(report):
    total = Counts()
    for c in report.counts["extra-blind"].values():
        total.add(c)
    assert total.precision >= BLIND_MICRO and total.recall >= BLIND_MICRO


def test_scoring_counts_misses_and_false_alarms():
    from relocgraph.ingest.extract import extract

    text = "Lyon, le 7 novembre 2024\n\nBilan\n\n- **818** projets soutenus\n- 12 % de hausse\n"
    gold = [
        {"type": "figure", "text": "818", "value": 818, "unit": "projects"},
        {"type": "figure", "text": "12 %", "value": 12, "unit": "EUR"},
        {"type": "date", "text": "7 novembre 2024"},
    ]
    counts, misses = score_document(text, extract(text, nlp=None), gold)
    assert (counts["figure"].tp, counts["figure"].fp, counts["figure"].fn) == (1, 1, 1)
    assert (counts["date"].tp, counts["date"].fn) == (0, 1)
    assert any("missed figure '12 %'" in m for m in misses)

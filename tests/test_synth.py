"""The synthetic corpus: deterministic, uses only declared terms, and every named query
gives the same answer on it with rdflib and with Oxigraph (a smoke test of the benchmark)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from relocgraph.analysis.synth import TRIPLES_PER_DOCUMENT, synthesize
from relocgraph.pipeline.persist import build_store
from relocgraph.store import run_table
from relocgraph.store.backends import OxigraphBackend, RdflibBackend
from relocgraph.store.catalogue import list_queries


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, project_root):
    out = tmp_path_factory.mktemp("synth")
    return synthesize(12, seed=3, out=out, root=project_root)


def test_same_seed_same_bytes_other_seed_other_corpus(corpus, tmp_path, project_root):
    again = synthesize(12, seed=3, out=tmp_path / "a", root=project_root)
    other = synthesize(12, seed=4, out=tmp_path / "b", root=project_root)
    assert again.path.read_bytes() == corpus.path.read_bytes()
    assert other.path.read_bytes() != corpus.path.read_bytes()


def test_corpus_has_named_graphs_per_document_and_expected_size(corpus):
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(corpus.path), format=ox.RdfFormat.N_QUADS)
    assert len(store) == corpus.quads
    graphs = {g.value for g in store.named_graphs()}
    documents = {g for g in graphs if "/id/document/synth-" in g}
    assert len(documents) == 12
    assert {
        "https://w3id.org/relocgraph/graph/ontology",
        "https://w3id.org/relocgraph/graph/entities",
    } <= graphs
    per_document = sum(
        len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(g)))) for g in documents
    ) / len(documents)
    assert 0.6 * TRIPLES_PER_DOCUMENT < per_document < 1.4 * TRIPLES_PER_DOCUMENT


def test_corpus_uses_only_terms_the_ontology_declares(corpus):
    from relocgraph.model.namespaces import RG

    used = Counter()
    for line in corpus.path.read_text(encoding="utf-8").splitlines():
        for part in line.split(" "):
            if part.startswith("<https://w3id.org/relocgraph/ontology#"):
                used[part[1:-1].split("#")[1]] += 1
    for term in used:
        getattr(RG, term)  # the closed namespace raises on an undeclared term


def test_every_named_query_same_answer_on_the_corpus(corpus, tmp_path):
    from relocgraph.store import load_dataset

    rdflib_backend = RdflibBackend(load_dataset(corpus.path))
    oxigraph_backend = OxigraphBackend.open(build_store(corpus.path, tmp_path / "store"))
    answered = 0
    params = {"statements-about": {"entity": "plan:relocalisation-strategique-2021"}}
    for q in list_queries():
        a = run_table(q.name, params.get(q.name), store=rdflib_backend)
        b = run_table(q.name, params.get(q.name), store=oxigraph_backend)
        assert a.columns == b.columns
        assert Counter(map(tuple, a.rows)) == Counter(map(tuple, b.rows)), q.name
        answered += bool(a.rows)
    # not answered: queries over the reasoner's graph:inferred, the rules' graph:derived and
    # the claim checks' graph:checks, which synth does not write
    needs_build_steps = {
        "officials-organisations",
        "organisation-members",
        "policy-parts",
        "derived-figures",
        "checks",
    }
    assert answered == len([q for q in list_queries() if q.name not in needs_build_steps])


def test_a_fact_stated_by_two_documents_matches_once(corpus, tmp_path):
    """The default graph is the merge of the named graphs (a set), as in rdflib."""
    from relocgraph.store import load_dataset

    text = "SELECT (COUNT(*) AS ?n) WHERE { ?company org:hasSite ?site }"
    rdflib_count = RdflibBackend(load_dataset(corpus.path)).select(text).rows
    store = OxigraphBackend.open(build_store(corpus.path, tmp_path / "store"))
    assert store.select(text).rows == rdflib_count
    assert OxigraphBackend.load(corpus.path).select(text).rows == rdflib_count


# The benchmark's analytical queries (benchmarks/queries) and the benchmark scripts themselves

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
NOT_EXISTS = """SELECT (COUNT(?figure) AS ?unconfirmed) WHERE {
  ?figure a rg:ReportedFigure ; rg:indicator ?indicator ; sdmx-dimension:refArea ?area ;
      rg:value ?value ; rg:statedIn ?document .
  FILTER NOT EXISTS {
    ?other rg:value ?value ; rg:indicator ?indicator ; sdmx-dimension:refArea ?area ;
        rg:statedIn ?other_document .
    FILTER(?other_document != ?document)
  }
}"""
PLAIN_SELF_JOIN = """SELECT ?indicator (COUNT(*) AS ?disagreements) WHERE {
  ?f1 a rg:ReportedFigure ; rg:indicator ?indicator ; sdmx-dimension:refArea ?area ;
      sdmx-dimension:refPeriod ?period ; rg:value ?v1 .
  ?f2 a rg:ReportedFigure ; rg:indicator ?indicator ; sdmx-dimension:refArea ?area ;
      sdmx-dimension:refPeriod ?period ; rg:value ?v2 .
  FILTER(?v1 != ?v2 && STR(?f1) < STR(?f2))
} GROUP BY ?indicator ORDER BY ?indicator"""


@pytest.fixture(scope="module")
def corpus_10k(tmp_path_factory, project_root):
    """The benchmark's smallest corpus (40 documents, seed 1): big enough for disagreements."""
    return synthesize(40, seed=1, out=tmp_path_factory.mktemp("synth-10k"), root=project_root)


def _bench_query(name: str) -> str:
    from relocgraph.store.catalogue import parse_query_file

    return parse_query_file(name, (BENCH / "queries" / f"{name}.rq").read_text()).text


def test_benchmark_queries_same_answer_on_both_engines(corpus_10k, tmp_path):
    from relocgraph.store import load_dataset

    rdflib_backend = RdflibBackend(load_dataset(corpus_10k.path))
    oxigraph_backend = OxigraphBackend.open(build_store(corpus_10k.path, tmp_path / "store"))
    names = sorted(p.stem for p in (BENCH / "queries").glob("*.rq"))
    assert len(names) >= 9
    for name in names:
        a, b = rdflib_backend.select(_bench_query(name)), oxigraph_backend.select(_bench_query(name))
        assert a.columns == b.columns
        assert a.rows, name  # every benchmark query has answers on the corpus
        assert Counter(map(tuple, a.rows)) == Counter(map(tuple, b.rows)), name


def test_benchmark_rewrites_answer_the_plain_formulations(corpus_10k):
    """The anti-join by grouped count and the self-join of two subqueries (written so that
    the engines finish at 1M triples) give the answers of the plain NOT EXISTS and
    single-pattern self-join, which are quadratic but fine on a small corpus."""
    from relocgraph.store import load_dataset

    backend = RdflibBackend(load_dataset(corpus_10k.path))
    unconfirmed = backend.select(_bench_query("unconfirmed-figures")).rows
    assert unconfirmed == backend.select(NOT_EXISTS).rows
    assert 0 < unconfirmed[0][0]
    disagreements = backend.select(_bench_query("self-join-disagreements")).rows
    assert disagreements == backend.select(PLAIN_SELF_JOIN).rows
    assert sum(n for _, n in disagreements) > 0


def test_store_bench_smoke_run_reports_cpu_lower_bounds(tmp_path):
    """One small run of benchmarks/store_bench.py (10k triples, one run per query, a
    0.5 s CPU allowance so that rdflib's slowest queries are stopped by SIGXCPU)."""
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, str(BENCH / "store_bench.py"), "--sizes", "10k", "--runs", "1", "--cpu-limit", "0.5",
         "--cache", str(tmp_path / "cache"), "--out", str(out)],
        capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    (result,) = json.loads(out.read_text())
    rdflib_runs = result["queries"]["rdflib"]
    stopped = [name for name, rec in rdflib_runs.items() if "cpu_limit" in rec]
    finished = [name for name, rec in rdflib_runs.items() if "cpu" in rec]
    # since issue 17 no named query needs seconds of rdflib CPU at 10k (class-counts comes
    # closest): whether one is stopped depends on where the allowance's whole second falls,
    # so the test holds the bound, not a count of stopped queries
    assert finished and len(stopped) + len(finished) == len(rdflib_runs)
    assert all(min(rdflib_runs[name]["cpu"]) <= 0.5 + 1.5 for name in finished)
    assert all("cpu" in rec for rec in result["queries"]["oxigraph"].values())
    assert ("| **suite total, CPU** | | ≥ " in done.stdout) == bool(stopped)
    for name in stopped:
        assert f"| {name} | " in done.stdout or f"| *{name}* | " in done.stdout  # analytical in italics
    assert ("| > 0.5 s |" in done.stdout) == bool(stopped)  # a stopped run shows as a lower bound


def test_cold_start_benchmark_runs_on_a_built_graph(built_dir, built_store, tmp_path):
    out = tmp_path / "cold.json"
    done = subprocess.run(
        [sys.executable, str(BENCH / "cold_start.py"), "--runs", "1", "--out", str(out),
         "--data", str(built_dir / "relocgraph.trig")],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(out.read_text())
    assert [r["command"][:2] for r in result["runs"]][:2] == [["query", "figures"], ["query", "officials"]]
    assert all(r["wall"][0] > 0 and r["cpu"][0] > 0 for r in result["runs"])
    imported = {name for name, _ in result["imports"]}
    assert "relocgraph.cli" in imported or "relocgraph" in imported
    assert "| `relocgraph query figures` |" in done.stdout

"""A synthetic corpus that follows the ontology, for benchmarks and scale tests.

:func:`synthesize` writes ``relocgraph.nq`` (N-Quads, straight from Python strings:
rdflib would take minutes at a million triples) holding the real ontology, display
labels and entity registry, plus generated regions with their officials, posts, plans,
relocation packs, agencies, companies and sites, and ``documents`` press releases,
each in its own named graph: document metadata, fact statements (posts held, plans
carried and adopted, sites and sectors…), reported figures (indicator, value, unit,
figure as printed, period, scope, attribution) and quotations, every one with its
evidence span (Web Annotation quote and position selectors), plus the fact triples.
Several documents report the same figures and facts, sometimes with other values or
wordings, as real releases do. Same ``documents`` and ``seed`` → byte-identical output.

About 200 triples per document: ``--documents 45`` gives ~10k triples, ``500`` ~100k,
``5000`` ~1M.

>>> import tempfile, pathlib
>>> out = synthesize(3, seed=1, out=pathlib.Path(tempfile.mkdtemp()))
>>> (out.documents, out.quads > 1000)
(3, True)
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .synth_documents import write_document
from .synth_words import EXTERNAL, SECTORS
from .synth_world import GRAPH, RDF_TYPE, XSD, P, Writer, lit, make_region

DOCS_PER_REGION = 25
TRIPLES_PER_DOCUMENT = 200  # measured: see BENCHMARKS.md

_BNODE = re.compile(r"_:[A-Za-z0-9]+")


@dataclass(frozen=True)
class SynthResult:
    """What :func:`synthesize` wrote."""

    path: Path
    documents: int
    regions: int
    quads: int


def _static_graph(path: Path | None, text: str | None, graph: str) -> list[str]:
    import pyoxigraph as ox

    source = path.read_bytes() if path else (text or "").encode()
    triples = ox.parse(source, format=ox.RdfFormat.TURTLE)
    quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph)) for t in triples]
    data = (ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"").decode("utf-8")
    names: dict[str, str] = {}  # the parser's blank-node ids are random: rename in order

    def rename(m: re.Match[str]) -> str:
        return names.setdefault(m.group(0), f"_:{graph.rsplit('/', 1)[-1]}{len(names)}")

    return sorted(_BNODE.sub(rename, line) + "\n" for line in data.splitlines() if line)


def synthesize(
    documents: int,
    *,
    seed: int = 0,
    out: Path = Path("build/synth"),
    root: Path = Path("."),
    progress: Callable[[int], None] | None = None,
) -> SynthResult:
    """Write ``out/relocgraph.nq``: a synthetic corpus of ``documents`` press releases.

    ``root`` is the project folder whose ``ontology/`` and ``data/entities.ttl`` are
    copied in (the synthetic graph reuses the real indicators, sectors and plans).
    ``progress`` is called with the number of documents written after each one.
    """
    from relocgraph.pipeline.outputs import atomic_files

    rng = random.Random(seed)
    w = Writer()
    ents = GRAPH + "entities"
    static: list[str] = []
    ontology = root / "ontology" / "relocgraph.ttl"
    static += _static_graph(ontology if ontology.is_file() else None, "", GRAPH + "ontology")
    labels = resources.files("relocgraph.model").joinpath("vocab/labels.ttl").read_text("utf-8")
    static += _static_graph(None, labels, GRAPH + "labels")
    registry = root / "data" / "entities.ttl"
    if registry.is_file():
        static += _static_graph(registry, None, ents)

    # shared vocabularies: sectors (with hierarchy), indicators, sources, periods
    for slug, fr, en, parent in SECTORS:
        s = P["sector"] + "synth-" + slug
        w.iri(s, RDF_TYPE, P["skos"] + "Concept", ents)
        w.labels(s, fr, en, ents)
        w.iri(s, P["skos"] + "inScheme", P["scheme"] + "sectors", ents)
        if parent:
            w.iri(s, P["skos"] + "broader", P["sector"] + "synth-" + parent, ents)
    for slug, fr, en in EXTERNAL[1:]:
        s = P["source"] + slug
        w.iri(s, RDF_TYPE, P["rg"] + "ExternalSource", ents)
        w.labels(s, fr, en, ents)
    years = list(range(2015, 2027))
    for y in years:
        for key, begin, end, fr, en in (
            (f"synth-{y}", f"{y}-01-01", f"{y}-12-31", str(y), str(y)),
            (f"synth-{y}-q1", f"{y}-01-01", f"{y}-03-31", f"premier trimestre {y}", f"first quarter of {y}"),
        ):
            s = P["period"] + key
            w.iri(s, RDF_TYPE, P["time"] + "ProperInterval", ents)
            w.labels(s, fr, en, ents)
            for prop, day in (("hasBeginning", begin), ("hasEnd", end)):
                inst = P["instant"] + "synth-" + day
                w.iri(s, P["time"] + prop, inst, ents)
                w.iri(inst, RDF_TYPE, P["time"] + "Instant", ents)
                w.add(inst, P["time"] + "inXSDDate", lit(day, datatype=XSD + "date"), ents)

    regions = [make_region(i, rng, w, ents) for i in range(max(3, documents // DOCS_PER_REGION))]
    # the real region's plan appears in synthetic releases too (the `plan` query's subject)
    regions[0].plan = P["plan"] + "relocalisation-strategique-2021"
    regions[0].pack = P["instrument"] + "pack-relocalisation"

    canonical: dict[tuple[str, str, int], int] = {}
    for i in range(documents):
        write_document(i, rng, w, regions[rng.randrange(len(regions))], canonical)
        if progress:
            progress(1)

    lines = list(dict.fromkeys(sorted(set(static)) + w.lines))  # a fact stated twice: one quad
    out.mkdir(parents=True, exist_ok=True)
    with atomic_files(out) as reserve:
        with reserve("relocgraph.nq").open("w", encoding="utf-8") as f:
            f.writelines(lines)
    return SynthResult(out / "relocgraph.nq", documents, len(regions), len(lines))

"""OWL reasoning over the built graph: inferred facts in a named graph of their own.

The ontology declares on purpose what a reasoner may add: who is an official
(``rg:Official`` ≡ a person who holds a post), which organisation an official belongs
to (``rg:officialOf``, the chain ``org:holds`` then ``org:postIn``, a sub-property of
``org:memberOf``), what is part of what (``rg:partOf``/``rg:hasPart``, transitive
inverses), and the inverses of ``rg:carriedBy``, ``org:holds`` and ``org:memberOf``.

:func:`reason` runs HermiT through owlready2 over the union of the asserted graphs
(ontology, entity registry, every document: statements, evidence and facts alike) and
returns only what is *new*: types of entities in classes that the ontology declares,
and object-property values between entities. ``owl:Thing`` and ``owl:NamedIndividual``
are dropped as noise. Without Java it says so and falls back to the OWL 2 RL rules of
owlrl (pure Python), marking which reasoner produced the graph. Results are cached on a
hash of the inputs, since one HermiT call costs several CPU-seconds.

An inconsistent graph raises :class:`~relocgraph.model.errors.InconsistentGraphError`, whose
message names the entities and says in plain words what cannot hold together.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, XSD
from rdflib.term import Node

from relocgraph.model.errors import InconsistentGraphError, ReasonerUnavailableError
from relocgraph.model.namespaces import GRAPH, bind_prefixes
from relocgraph.model.optional import require
from relocgraph.model.report import curie as _curie

if TYPE_CHECKING:
    from relocgraph.pipeline.build import BuildResult

INFERRED_GRAPH = GRAPH.inferred
HERMIT = "HermiT (owlready2)"
OWLRL = "OWL 2 RL rules (owlrl)"
REASONERS = ("auto", "hermit", "owlrl")
#: Bump when the selection of kept inferences changes, so that caches are not reused.
_SELECTION_VERSION = "1"

_NOISE_CLASSES = {OWL.Thing, OWL.NamedIndividual, OWL.Nothing, RDFS.Resource}
_TBOX_TYPES = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.Ontology,
    OWL.Restriction,
    RDF.Property,
    RDFS.Class,
    RDFS.Datatype,
    OWL.TransitiveProperty,
    OWL.FunctionalProperty,
    OWL.SymmetricProperty,
    OWL.InverseFunctionalProperty,
}


@dataclass
class ReasoningResult:
    """The inferred graph and how it was obtained."""

    graph: Graph
    reasoner: str
    from_cache: bool = False
    notice: str = ""
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """One line for people: how many triples, from which reasoner."""
        cached = ", from cache" if self.from_cache else ""
        return f"inferred {len(self.inferred_triples())} triples with {self.reasoner}{cached}"

    def inferred_triples(self) -> list[tuple]:
        """The inferred facts, without the graph's own metadata."""
        return sorted(t for t in self.graph if t[0] != INFERRED_GRAPH)


def asserted_union(dataset: Dataset) -> Graph:
    """Union of every named graph of ``dataset`` except the inferred one."""
    union = bind_prefixes(Graph())
    for g in dataset.graphs():
        if g.identifier == INFERRED_GRAPH or not isinstance(g.identifier, URIRef):
            continue
        for triple in g:
            union.add(triple)
    return union


def reason(
    dataset: Dataset,
    *,
    reasoner: str = "auto",
    cache_dir: Path | None = None,
    files: Mapping[URIRef, Path | str] | None = None,
    prune_cache: bool = True,
) -> ReasoningResult:
    """Reason over the asserted graphs of ``dataset`` and return the new facts.

    ``reasoner`` is ``"auto"`` (HermiT, or owlrl when Java is missing), ``"hermit"``
    or ``"owlrl"``. ``files`` maps graph IRIs to the files they were built from, to
    name them in an inconsistency report. With ``cache_dir``, a result is reused when
    the inputs are byte-for-byte the same; writing one removes the folder's other
    results unless ``prune_cache`` is false (a cache shared by several projects).

    >>> from relocgraph.pipeline.build import build
    >>> result = reason(build(".").dataset, reasoner="owlrl")
    >>> result.reasoner
    'OWL 2 RL rules (owlrl)'
    >>> result.counts["rdf:type rg:Official"]
    8
    """
    if reasoner not in REASONERS:
        raise ValueError(f"unknown reasoner {reasoner!r}; choose one of {REASONERS}")
    union = asserted_union(dataset)
    key = _input_hash(union, _effective(reasoner))
    if cache_dir is not None:
        cached = _read_cache(cache_dir, key)
        if cached is not None:
            return cached

    notice = ""
    if reasoner in ("auto", "hermit"):
        try:
            inferred = _hermit(union)
            used = HERMIT
        except _JavaMissingError as e:
            if reasoner == "hermit":
                raise ReasonerUnavailableError(
                    f"{e}: HermiT needs Java; install a JRE or use --reasoner owlrl"
                ) from e
            notice = f"{e}; used {OWLRL} instead (pure Python)"
            inferred = None
        except _InconsistentError as e:
            raise _explain(dataset, union, files) from e
    else:
        inferred = None
    if inferred is None:
        inferred = _owlrl(dataset, union, files)
        used = OWLRL

    kept = _select(inferred, union)
    graph = _inferred_graph(kept, used)
    result = ReasoningResult(graph, used, notice=notice, counts=_count(kept))
    if cache_dir is not None:
        _write_cache(cache_dir, key, result, prune=prune_cache)
    return result


def build_files(result: BuildResult) -> dict[URIRef, Path]:
    """Map each named graph of a build to the file it came from (for error messages)."""
    from relocgraph.pipeline.project import ENTITIES_FILE, ONTOLOGY_FILE

    files: dict[URIRef, Path] = {GRAPH.ontology: ONTOLOGY_FILE, GRAPH.entities: ENTITIES_FILE}
    files.update({doc.iri: Path(doc.file.path) for doc in result.documents})
    return files


def add_inferred(dataset: Dataset, result: ReasoningResult) -> Dataset:
    """Put ``result``'s triples into the ``graph:inferred`` named graph of ``dataset``."""
    target = dataset.graph(INFERRED_GRAPH)
    target.remove((None, None, None))
    for triple in result.graph:
        target.add(triple)
    return dataset


# ---------------------------------------------------------------------------
# Reasoners
# ---------------------------------------------------------------------------


class _JavaMissingError(Exception):
    pass


class _InconsistentError(Exception):
    pass


def _hermit(union: Graph) -> set[tuple]:
    """Entailed types and object-property values, as owlready2 sees them after HermiT."""
    require("owlready2", "reason")
    import owlready2

    with tempfile.TemporaryDirectory(prefix="relocgraph-reason-") as tmp:
        path = Path(tmp) / "input.nt"
        path.write_text(union.serialize(format="nt"), encoding="utf-8")
        world = owlready2.World()
        java = owlready2.JAVA_EXE
        owlready2.JAVA_EXE = _java_bound_to_us(java, Path(tmp))
        # owlready2 prints warnings about punned terms on stderr; they are not the user's.
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            onto = world.get_ontology(path.as_uri()).load(format="ntriples")
            try:
                with onto:
                    owlready2.sync_reasoner_hermit(
                        world,
                        infer_property_values=True,
                        debug=0,
                        ignore_unsupported_datatypes=True,  # HermiT rejects xsd:date otherwise
                    )
            except FileNotFoundError as e:
                raise _JavaMissingError(f"Java was not found ({owlready2.JAVA_EXE!r})") from e
            except owlready2.OwlReadyInconsistentOntologyError as e:
                raise _InconsistentError() from e
            except owlready2.OwlReadyJavaError as e:
                raise _JavaMissingError(f"HermiT could not run ({_first_line(e)})") from e
            finally:
                owlready2.JAVA_EXE = java
        properties = list(world.object_properties())
        out: set[tuple] = set()
        for subject in sorted({s for s in union.subjects() if isinstance(s, URIRef)}):
            entity = world[str(subject)]
            if not isinstance(entity, owlready2.Thing):
                continue
            for cls in entity.INDIRECT_is_a:
                if isinstance(cls, owlready2.ThingClass) and cls is not owlready2.Thing:
                    out.add((subject, RDF.type, URIRef(cls.iri)))
            for prop in properties:
                for value in prop._get_indirect_values_for_individual(entity):
                    if hasattr(value, "iri"):
                        out.add((subject, URIRef(prop.iri), URIRef(value.iri)))
        world.close()
    return out


def _java_bound_to_us(java: str, folder: Path) -> str:
    """A launcher that runs ``java`` with the parent-death signal set (``setpriv``), so the
    reasoner stops when the build is killed, even by SIGKILL. Where ``setpriv`` or Java is
    missing, ``java`` itself (owlready2 then reports a missing Java as before)."""
    import shutil

    setpriv, java_path = shutil.which("setpriv"), shutil.which(java)
    if setpriv is None or java_path is None:
        return java
    launcher = folder / "java"
    launcher.write_text(f'#!/bin/sh\nexec "{setpriv}" --pdeathsig KILL -- "{java_path}" "$@"\n')
    launcher.chmod(0o700)
    return str(launcher)


def _owlrl(dataset: Dataset, union: Graph, files: Mapping[URIRef, Path | str] | None) -> set[tuple]:
    require("owlrl", "reason")
    import owlrl

    closed = Graph()
    for triple in union:
        closed.add(triple)
    closure = owlrl.DeductiveClosure(owlrl.OWLRL_Semantics)
    closure.expand(closed)
    errors = list(closed.subjects(RDF.type, owlrl.Namespaces.ERRNS.ErrorMessage))
    problems = _diagnose(closed, dataset, files)
    if problems or errors:
        if problems:
            raise InconsistentGraphError(_words(problems, OWLRL), entities=_entities(problems))
        detail = "; ".join(str(closed.value(e, owlrl.Namespaces.ERRNS.error)) for e in errors)
        raise InconsistentGraphError(f"{OWLRL} found the graph inconsistent: {detail}")
    return {t for t in closed if t not in union}


# ---------------------------------------------------------------------------
# What to keep
# ---------------------------------------------------------------------------


def _select(inferred: Iterable[tuple], union: Graph) -> set[tuple]:
    """New facts about entities: types in declared classes, object-property values."""
    classes = set(union.subjects(RDF.type, OWL.Class)) - _NOISE_CLASSES
    object_properties = set(union.subjects(RDF.type, OWL.ObjectProperty))
    tbox = {s for t in _TBOX_TYPES for s in union.subjects(RDF.type, t)}
    # owlready2 renames an individual whose IRI ends in "/" (".../thing1"): a fact about an
    # IRI that no input names is the reasoner bridge's, never the documents'
    known = set(union.subjects()) | {o for o in union.objects() if isinstance(o, URIRef)}
    kept = set()
    for s, p, o in inferred:
        if not isinstance(s, URIRef) or not isinstance(o, URIRef) or s in tbox or s == o:
            continue
        if s not in known or o not in known:
            continue
        if (s, p, o) in union:
            continue
        if p == RDF.type and o in classes:
            kept.add((s, p, o))
        elif p in object_properties and o not in tbox:
            kept.add((s, p, o))
    return kept


def _inferred_graph(triples: set[tuple], reasoner: str) -> Graph:
    graph = bind_prefixes(Graph())
    for triple in triples:
        graph.add(triple)
    graph.add((INFERRED_GRAPH, DCTERMS.creator, Literal(reasoner)))
    graph.add(
        (
            INFERRED_GRAPH,
            RDFS.comment,
            Literal(
                "Facts entailed by the ontology and the asserted graphs, not stated by any document. "
                f"Produced by {reasoner}.",
                lang="en",
            ),
        )
    )
    return graph


def _count(triples: Iterable[tuple]) -> dict[str, int]:
    """Counts by kind: ``rdf:type <class>`` or the property, as CURIEs."""
    counter: Counter[str] = Counter()
    for _s, p, o in triples:
        counter[f"rdf:type {_curie(o)}" if p == RDF.type else _curie(p)] += 1
    return dict(sorted(counter.items()))


# ---------------------------------------------------------------------------
# Inconsistencies in curator words
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Problem:
    text: str
    entities: tuple[str, ...]


def _explain(
    dataset: Dataset,
    union: Graph,
    files: Mapping[URIRef, Path | str] | None,
) -> InconsistentGraphError:
    """Find why HermiT said 'inconsistent', using the ontology's own axioms."""
    require("owlrl", "reason")
    import owlrl

    closed = Graph()
    for triple in union:
        closed.add(triple)
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics).expand(closed)
    problems = _diagnose(closed, dataset, files)
    if not problems:
        return InconsistentGraphError(
            f"{HERMIT} found the ontology and data inconsistent, and none of the usual causes "
            "(an entity in two disjoint classes, two values for a single-valued property, a "
            "value of the wrong datatype) was found; remove recent changes one at a time to "
            "find it"
        )
    return InconsistentGraphError(_words(problems, HERMIT), entities=_entities(problems))


def _diagnose(
    closed: Graph,
    dataset: Dataset,
    files: Mapping[URIRef, Path | str] | None,
) -> list[_Problem]:
    """Common causes of inconsistency; class memberships are read from ``closed`` (the
    graph with entailed types), values from the asserted graphs (closures may rewrite
    literals)."""
    problems: list[_Problem] = []
    asserted = asserted_union(dataset)

    def where(s: Node, p: Node, o: Node) -> str:
        names = sorted(
            str(files.get(URIRef(g.identifier), _curie(g.identifier))) if files else _curie(g.identifier)
            for g in dataset.graphs()
            if (s, p, o) in g and g.identifier != INFERRED_GRAPH
        )
        return f" (stated in {', '.join(names)})" if names else ""

    for a, b in sorted(closed.subject_objects(OWL.disjointWith), key=str):
        for entity in sorted(set(closed.subjects(RDF.type, a)) & set(closed.subjects(RDF.type, b)), key=str):
            problems.append(
                _Problem(
                    f"{_curie(entity)} is typed both {_label(closed, a)} ({_curie(a)}) and "
                    f"{_label(closed, b)} ({_curie(b)}), which the ontology says nothing can be at "
                    f"once{where(entity, RDF.type, a) or where(entity, RDF.type, b)}",
                    (_curie(entity), _curie(a), _curie(b)),
                )
            )
    for prop in sorted(asserted.subjects(RDF.type, OWL.FunctionalProperty), key=str):
        for entity in sorted(set(asserted.subjects(prop, None)), key=str):
            values = sorted(set(asserted.objects(entity, prop)), key=str)
            literal_values = {v.toPython() if isinstance(v, Literal) else v for v in values}
            if len(literal_values) > 1:
                shown = ", ".join(_curie(v) if isinstance(v, URIRef) else repr(str(v)) for v in values)
                problems.append(
                    _Problem(
                        f"{_curie(entity)} has {len(values)} values for {_label(asserted, prop)} "
                        f"({_curie(prop)}), which takes one only: {shown}"
                        f"{where(entity, prop, values[0])}",
                        (_curie(entity), _curie(prop)),
                    )
                )
    for prop, rng in sorted(asserted.subject_objects(RDFS.range), key=str):
        if not str(rng).startswith(str(XSD)) or rng == XSD.anyURI:
            continue
        for entity, value in sorted(asserted.subject_objects(prop), key=str):
            if not _fits(value, rng):
                problems.append(
                    _Problem(
                        f"{_curie(entity)} has {_label(asserted, prop)} ({_curie(prop)}) "
                        f"{_show(value)}, but the ontology says its values are {_curie(rng)}"
                        f"{where(entity, prop, value)}",
                        (_curie(entity), _curie(prop)),
                    )
                )
    return problems


_NUMERIC = {XSD.integer, XSD.decimal, XSD.nonNegativeInteger, XSD.positiveInteger, XSD.int, XSD.long}


def _fits(value: Node, rng: Node) -> bool:
    if not isinstance(value, Literal):
        return False
    if rng == XSD.string:
        return value.language is None and value.datatype in (None, XSD.string)
    if rng == XSD.decimal:
        return value.datatype in _NUMERIC and value.ill_typed is not True
    return value.datatype == rng and value.ill_typed is not True


def _words(problems: list[_Problem], reasoner: str) -> str:
    lines = [f"the graph is inconsistent ({reasoner}): {len(problems)} problem(s)"]
    lines += [f"  - {p.text}" for p in problems]
    return "\n".join(lines)


def _entities(problems: list[_Problem]) -> list[str]:
    return sorted({e for p in problems for e in p.entities})


# ---------------------------------------------------------------------------
# Cache
# ---------------------------------------------------------------------------


def _effective(reasoner: str) -> str:
    """The cache's view of the reasoner: 'auto' depends on whether Java is there."""
    if reasoner != "auto":
        return reasoner
    import shutil

    require("owlready2", "reason")
    import owlready2

    return "auto-java" if shutil.which(owlready2.JAVA_EXE) else "auto-nojava"


def _input_hash(union: Graph, reasoner: str) -> str:
    from importlib.metadata import version

    from relocgraph.pipeline.outputs import stable_bnodes

    union = stable_bnodes(union)  # blank-node labels differ from run to run otherwise
    digest = hashlib.sha256()
    for part in (reasoner, _SELECTION_VERSION, version("owlready2"), version("owlrl")):
        digest.update(part.encode() + b"\0")
    for line in sorted(union.serialize(format="nt").splitlines()):
        if line.strip():
            digest.update(line.encode() + b"\n")
    return digest.hexdigest()


def _read_cache(cache_dir: Path, key: str) -> ReasoningResult | None:
    meta_path = cache_dir / f"inferred-{key}.json"
    data_path = cache_dir / f"inferred-{key}.nt"
    if not (meta_path.is_file() and data_path.is_file()):
        return None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        graph = bind_prefixes(Graph()).parse(data_path, format="nt")
    except (OSError, ValueError, SyntaxError):
        return None  # a damaged cache entry is recomputed, never trusted
    return ReasoningResult(
        graph, meta["reasoner"], from_cache=True, notice=meta.get("notice", ""), counts=meta["counts"]
    )


def _write_cache(cache_dir: Path, key: str, result: ReasoningResult, *, prune: bool = True) -> None:
    from relocgraph.pipeline.outputs import atomic_files, sorted_lines

    meta = {"reasoner": result.reasoner, "notice": result.notice, "counts": result.counts}
    with atomic_files(cache_dir) as reserve:
        reserve(f"inferred-{key}.nt").write_text(
            sorted_lines(result.graph.serialize(format="nt")), encoding="utf-8"
        )
        reserve(f"inferred-{key}.json").write_text(
            json.dumps(meta, indent=1, sort_keys=True), encoding="utf-8"
        )
    for old in cache_dir.glob("inferred-*") if prune else ():
        if key not in old.name:
            old.unlink(missing_ok=True)


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _label(graph: Graph, term: Node) -> str:
    for label in graph.objects(term, RDFS.label):
        if isinstance(label, Literal) and label.language == "en":
            return f"«{label}»"
    return _curie(term)


def _show(value: object) -> str:
    if isinstance(value, Literal):
        tag = (
            f"@{value.language}"
            if value.language
            else (f" ({_curie(value.datatype)})" if value.datatype else "")
        )
        return f"{str(value)!r}{tag}"
    return _curie(value)


def _first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return text[0][:200] if text else type(e).__name__

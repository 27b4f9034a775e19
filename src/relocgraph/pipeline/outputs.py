"""Write build outputs atomically and deterministically.

Every file is first written to a temporary file in the target directory and renamed
into place only when *all* files of the batch have been written, so a failed run
leaves earlier outputs untouched. Serialisations are deterministic: blank nodes get
labels derived from their content, and line-based formats are sorted, so the same
inputs give byte-identical files.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.term import Node

from relocgraph.model.namespaces import bind_prefixes

DEFAULT_OUT = Path("build")


@contextmanager
def atomic_files(out_dir: Path) -> Iterator[Callable[[str], Path]]:
    """Yield ``reserve(name) -> temp path``; rename every reserved file on success.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_files(d) as reserve:
    ...     _ = reserve("a.txt").write_text("hello")
    >>> (d / "a.txt").read_text()
    'hello'
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []

    def reserve(name: str) -> Path:
        target = out_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
        staged.append((Path(tmp), target))
        return Path(tmp)

    try:
        yield reserve
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, target in staged:
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)


def write_text_atomic(path: Path, text: str) -> Path:
    """Write one text file atomically (temporary file, then rename)."""
    with atomic_files(path.parent) as reserve:
        reserve(path.name).write_text(text, encoding="utf-8")
    return path


def stable_bnodes(graph: Graph) -> Graph:
    """Copy ``graph`` with blank-node labels derived from each node's content and place.

    Blank nodes in this project are tree-shaped (OWL restrictions, RDF lists), so a
    hash of each node's outgoing triples, computed bottom-up, names it stably. Two
    nodes with the same content (two identical ``owl:unionOf`` lists on two classes)
    must stay two nodes, so a node with a single referrer also hashes that referrer
    (its IRI, or its own label) and the linking property.

    >>> from rdflib import URIRef
    >>> g = Graph().parse(data="@prefix : <http://e/> . :a :p (:x) . :b :p (:x) .", format="turtle")
    >>> len(stable_bnodes(g)) == len(g)
    True
    """
    memo: dict[BNode, str] = {}
    names: dict[BNode, str] = {}
    referrers: dict[BNode, list[tuple[Node, Node]]] = {}
    for s, p, o in graph:
        if isinstance(o, BNode):
            referrers.setdefault(o, []).append((s, p))

    def content(node: BNode, depth: int = 0) -> str:
        if node in memo:
            return memo[node]
        if depth > 50:  # a cycle of blank nodes: fall back to a position-free constant
            return "cycle"
        parts = sorted(f"{p.n3()} {_key(o, depth)}" for p, o in graph.predicate_objects(node))
        memo[node] = hashlib.sha1("\n".join(parts).encode()).hexdigest()
        return memo[node]

    def _key(o: Node, depth: int) -> str:
        return content(o, depth + 1) if isinstance(o, BNode) else o.n3()

    def label(node: BNode, depth: int = 0) -> str:
        if node in names:
            return names[node]
        anchor = ""
        refs = referrers.get(node, [])
        if len(refs) == 1 and depth <= 50:
            s, p = refs[0]
            anchor = (label(s, depth + 1) if isinstance(s, BNode) else s.n3()) + " " + p.n3()
        key = content(node) + "\n" + anchor
        names[node] = "b" + hashlib.sha1(key.encode()).hexdigest()[:16]
        return names[node]

    out = Graph()
    for prefix, ns in graph.namespaces():
        out.bind(prefix, ns, override=True, replace=True)
    for s, p, o in graph:
        s2 = BNode(label(s)) if isinstance(s, BNode) else s
        o2 = BNode(label(o)) if isinstance(o, BNode) else o
        out.add((s2, p, o2))
    return out


def stable_dataset(dataset: Dataset) -> Dataset:
    """A copy of ``dataset`` whose every named graph has stable blank-node labels."""
    out = bind_prefixes(Dataset(default_union=True))
    for g in dataset.graphs():
        if not isinstance(g.identifier, URIRef) or len(g) == 0:
            continue
        target = out.graph(g.identifier)
        for triple in stable_bnodes(g):
            target.add(triple)
    return out


def union_graph(dataset: Dataset) -> Graph:
    """All named graphs merged into one graph (prefixes bound)."""
    union = bind_prefixes(Graph())
    for g in dataset.graphs():
        for triple in g:
            union.add(triple)
    return union


def sorted_lines(text: str) -> str:
    """Sort the non-empty lines of a line-based RDF serialisation (N-Triples, N-Quads)."""
    lines = sorted({line for line in text.splitlines() if line.strip()})
    return "\n".join(lines) + "\n"


def serialize_trig(dataset: Dataset) -> str:
    """TriG with named graphs in IRI order and each graph written as sorted Turtle.

    rdflib's own TriG writer orders graphs by hash, which changes from run to run.
    Lines are not indented, so that multi-line literals keep their exact characters.
    """
    from relocgraph.model.namespaces import PREFIXES

    header = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in sorted(PREFIXES.items()))
    chunks = [header]
    graphs = sorted(
        (g for g in dataset.graphs() if isinstance(g.identifier, URIRef) and len(g)),
        key=lambda g: str(g.identifier),
    )
    for g in graphs:
        body = bind_prefixes(Graph())
        for triple in g:
            body.add(triple)
        turtle = body.serialize(format="turtle")
        # No indentation: a line may continue a multi-line literal (a quote's context
        # spanning a line break), whose characters must stay exactly as they are.
        lines = [line for line in turtle.splitlines(keepends=True) if not line.startswith("@prefix")]
        text = "".join(lines).strip("\n")
        name = body.namespace_manager.normalizeUri(g.identifier)
        chunks.append(f"\n{name} {{\n{text}\n}}\n")
    return "".join(chunks)


def nquads_text(dataset: Dataset) -> str:
    """The dataset as the sorted N-Quads :func:`write_dataset` writes (byte for byte)."""
    return sorted_lines(stable_dataset(dataset).serialize(format="nquads"))


def write_dataset(
    dataset: Dataset, out_dir: Path = DEFAULT_OUT, *, nquads: str | None = None
) -> dict[str, Path]:
    """Write ``relocgraph.trig``, ``.nq``, and the union as ``.ttl`` and ``.nt``
    (``nquads``: the N-Quads text if :func:`nquads_text` already made it).

    Returns the written paths by format name. All or nothing: on any error no file
    in ``out_dir`` is replaced.
    """
    stable = stable_dataset(dataset)
    union = union_graph(stable)
    paths: dict[str, Path] = {}
    with atomic_files(out_dir) as reserve:
        for name, fmt, data in (
            ("relocgraph.trig", "trig", lambda: serialize_trig(stable)),
            ("relocgraph.nq", "nquads", lambda: nquads or sorted_lines(stable.serialize(format="nquads"))),
            ("relocgraph.ttl", "turtle", lambda: union.serialize(format="turtle")),
            ("relocgraph.nt", "ntriples", lambda: sorted_lines(union.serialize(format="nt"))),
        ):
            tmp = reserve(name)
            tmp.write_text(data(), encoding="utf-8")
            paths[fmt] = out_dir / name
    return paths

"""HTML documentation of the ontology, generated offline with pyLODE.

:func:`ontology_html` renders ``ontology/relocgraph.ttl`` with pyLODE's OntPub profile:
every class and property with its labels, definitions, domain, range and super-terms,
and the reused standard terms the ontology declares. Each term's French and English
labels are shown together in its heading ("official · élu ou responsable"). The page
is self-contained: its CSS is inline, and any stylesheet or script that would be
fetched over the network is removed, so it reads the same offline.
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from relocgraph.model.optional import require

if TYPE_CHECKING:  # pragma: no cover
    from rdflib import Graph

DOCS_DIR = "docs"

#: <link>/<script> elements that would load something from the network.
_REMOTE_ASSET = re.compile(
    r"<link\b[^>]*\bhref=\"https?://[^\"]*\"[^>]*>|"
    r"<script\b[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>",
    re.IGNORECASE,
)


def ontology_html(ontology: Graph) -> str:
    """The ontology's documentation as one self-contained HTML page.

    >>> from rdflib import Graph
    >>> html = ontology_html(Graph().parse("ontology/relocgraph.ttl"))
    >>> "official · élu ou responsable" in html and "https://w3id.org/relocgraph/ontology#Official" in html
    True
    """
    require("pylode", "docs")
    from pylode import OntPub

    # pyLODE logs at INFO on the root logger and writes nothing useful for users.
    logger = logging.getLogger()
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        html = OntPub(_bilingual_labels(ontology)).make_html()
    finally:
        logger.setLevel(level)
    return strip_remote_assets(html)


def write_docs(root: Path | str = ".", out_dir: Path | str = "build") -> Path:
    """Write ``<out_dir>/docs/index.html`` (atomically) and return its path.

    The page is a function of the ontology file and of this code: when a stamp beside it
    records the same inputs, it is left as it is (neither rdflib nor pyLODE is loaded).
    """
    root = Path(root)
    target = Path(out_dir) / DOCS_DIR / "index.html"
    stamp = target.with_name(".index.sha256")
    key = _inputs_key(_ontology_path(root))
    if target.is_file() and stamp.is_file() and stamp.read_text(encoding="utf-8") == key:
        return target
    from relocgraph.pipeline.outputs import write_text_atomic
    from relocgraph.pipeline.project import ontology_file
    from relocgraph.pipeline.turtle import parse_turtle

    ontology = parse_turtle(ontology_file(root), root=root).graph
    written = write_text_atomic(target, ontology_html(ontology))
    write_text_atomic(stamp, key)
    return written


def _ontology_path(root: Path) -> Path:
    """The ontology file the page is made from (the rule of ``pipeline.project.ontology_file``,
    without importing rdflib)."""
    own = root / "ontology"
    if own.is_dir():
        return own / "relocgraph.ttl"
    from importlib import resources

    return Path(str(resources.files("relocgraph").joinpath("ontology", "relocgraph.ttl")))


def _inputs_key(ontology: Path) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        pylode = version("pylode")
    except PackageNotFoundError:
        pylode = "none"
    digest = hashlib.sha256(Path(__file__).read_bytes())
    digest.update(pylode.encode())
    digest.update(ontology.read_bytes() if ontology.is_file() else b"")
    return digest.hexdigest()


def strip_remote_assets(html: str) -> str:
    """Remove stylesheets and scripts that would be fetched over http(s).

    >>> strip_remote_assets('<link rel="stylesheet" href="https://cdn.example/x.css"><p>ok</p>')
    '<p>ok</p>'
    """
    return _REMOTE_ASSET.sub("", html)


def _bilingual_labels(ontology: Graph) -> Graph:
    """A copy where a term with en and fr labels gets one label showing both."""
    from rdflib import Graph, Literal
    from rdflib.namespace import RDFS

    out = Graph()
    for prefix, ns in ontology.namespaces():
        out.bind(prefix, ns, override=True, replace=True)
    for triple in ontology:
        out.add(triple)
    for term in set(ontology.subjects(RDFS.label, None)):
        labels = {
            lbl.language: str(lbl) for lbl in ontology.objects(term, RDFS.label) if isinstance(lbl, Literal)
        }
        if "en" in labels and "fr" in labels:
            out.remove((term, RDFS.label, None))
            out.add((term, RDFS.label, Literal(f"{labels['en']} · {labels['fr']}")))
    return out

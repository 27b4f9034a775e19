"""Labels for views of the graph: which name a node or a link is shown by, per language.

Labels come from the ``network-labels`` query (entities' labels from the documents,
registry and derived graph; properties' labels from the ontology), then from the
display labels of reused standard terms (``model/vocab/labels.ttl``, read with
pyoxigraph: no rdflib needed to draw a page), and last the term's CURIE.

>>> labels = Labels([])
>>> labels.property("http://www.w3.org/ns/org#holds", "fr")
'occupe'
>>> labels.entity("https://w3id.org/relocgraph/id/person/nobody", "fr")
'person:nobody'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from relocgraph.model.prefixes import PREFIXES
from relocgraph.model.prefixes import curie as _curie

_RDFS_LABEL = PREFIXES["rdfs"] + "label"
_PREF_LABEL = PREFIXES["skos"] + "prefLabel"
_ALT_LABEL = PREFIXES["skos"] + "altLabel"
#: rdfs:label is preferred to skos:prefLabel when both exist.
_RANK = {_RDFS_LABEL: 0, _PREF_LABEL: 1}

# term → [(rank, language, text)]
Candidates = dict[str, list[tuple[int, str, str]]]


def curie(term: Any) -> str:
    """A compact name for an IRI using the project's prefixes.

    >>> curie("https://w3id.org/relocgraph/id/person/laurent-wauquiez")
    'person:laurent-wauquiez'
    """
    return _curie(str(term))


def pick(candidates: Iterable[tuple[int, str, str]], lang: str) -> str | None:
    """The label in ``lang`` (rdfs:label before skos:prefLabel), else any label, else None.

    >>> pick([(1, "fr", "b"), (0, "en", "a")], "fr"), pick([(1, "fr", "b"), (0, "en", "a")], "de")
    ('b', 'a')
    """
    options = sorted(candidates)
    for _, language, text in options:
        if language == lang:
            return text
    return options[0][2] if options else None


@lru_cache(maxsize=1)
def vocabulary_labels() -> Candidates:
    """Display labels of reused standard terms (``model/vocab/labels.ttl``)."""
    from importlib import resources

    import pyoxigraph as ox

    text = resources.files("relocgraph.model").joinpath("vocab/labels.ttl").read_bytes()
    out: Candidates = defaultdict(list)
    for triple in ox.parse(text, format=ox.RdfFormat.TURTLE):
        p, o = triple.predicate.value, triple.object
        if p in _RANK and isinstance(o, ox.Literal):
            out[triple.subject.value].append((_RANK[p], o.language or "", o.value))
    return dict(out)


class Labels:
    """Labels of entities and properties, read from ``network-labels`` rows.

    Each row: ``term``, ``property`` (rdfs:label, skos:prefLabel or skos:altLabel),
    ``label``, ``lang`` and ``ontology`` (True for the ontology's labels).
    """

    def __init__(self, rows: Iterable[dict[str, Any]]) -> None:
        self.entities: Candidates = defaultdict(list)
        self.properties: Candidates = defaultdict(list)
        self.alt: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            term, prop, text = row["term"], row["property"], str(row["label"])
            if row.get("ontology"):
                if prop == _RDFS_LABEL:
                    self.properties[term].append((0, row.get("lang") or "", text))
            elif prop == _ALT_LABEL:
                self.alt[term].add(text)
            else:
                self.entities[term].append((_RANK[prop], row.get("lang") or "", text))

    def entity(self, term: str, lang: str = "fr") -> str:
        """The label of an entity: its own, else a display label, else its CURIE."""
        return (
            pick(self.entities.get(term, ()), lang)
            or pick(vocabulary_labels().get(term, ()), lang)
            or curie(term)
        )

    def property(self, term: str, lang: str = "fr") -> str:
        """The label of a property: the ontology's, else a display label, else its CURIE."""
        return (
            pick(self.properties.get(term, ()), lang)
            or pick(vocabulary_labels().get(term, ()), lang)
            or curie(term)
        )

    def alternatives(self, term: str) -> list[str]:
        """The term's alternative names (skos:altLabel), sorted."""
        return sorted(self.alt.get(term, ()))

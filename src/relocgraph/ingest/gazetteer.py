"""Known names, so that the graph teaches the extractor: every label of the entity
registry (``data/entities.ttl``: ``rdfs:label``, ``skos:prefLabel``, ``skos:altLabel``)
and the public bodies and national programmes of ``lexicon/known-names.txt`` feed a spaCy
``EntityRuler`` run over the parsed document.

A known name is typed by the registry (a ``rg:Company`` is a company even when its name is
a common word: « Symbio »), never guessed: « l'Insee » is an organisation, not a person.

>>> gaz = Gazetteer.from_lexicon()
>>> ("Bpifrance", "organisation") in {(n, t) for n, t, _ in gaz.entries}
True
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .items import fold
from .lexicon import mapping

#: Registry IRI path → item type (``organisation`` becomes ``company`` for rg:Company and
#: ``authority`` for rg:RegionalAuthority).
_KINDS = {
    "person": "person",
    "organisation": "organisation",
    "plan": "plan",
    "instrument": "plan",
    "place": "place",
    "sector": "sector",
    "indicator": "indicator",
    "source": "source",
}
#: Names too short or too common to match on their own (they match inside longer names).
_MIN_CHARS = 3


@dataclass(frozen=True)
class Gazetteer:
    """Known names: (name as written, item type, IRI or "" for lexicon names)."""

    entries: tuple[tuple[str, str, str], ...]

    def written(self, name: str) -> str | None:
        """The name as the gazetteer writes it, for a name matched ignoring case."""
        return _written(self).get(fold(name))

    @classmethod
    def from_lexicon(cls) -> Gazetteer:
        """The public bodies and programmes of ``lexicon/known-names.txt`` only."""
        return cls(tuple((name, kind, "") for name, kind in mapping("known-names").items()))

    @classmethod
    def from_registry(cls, path: Path) -> Gazetteer:
        """Every French (or untagged) label of the registry at ``path``, typed by its IRI
        (and ``rg:Company``), then the lexicon's names."""
        return cls(_registry_entries(path) + cls.from_lexicon().entries)

    def ruler(self, nlp: Any) -> Any:
        """A spaCy ``EntityRuler`` for these names (labels ``RG_<TYPE>``, ``ent_id`` the IRI),
        matching case-insensitively, built once per pipeline."""
        return _ruler(self, nlp)


@functools.lru_cache(maxsize=8)
def _written(gaz: Gazetteer) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, _, _ in gaz.entries:
        out.setdefault(fold(name), name)
    return out


@functools.lru_cache(maxsize=8)
def _registry_entries(path: Path) -> tuple[tuple[str, str, str], ...]:
    from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef

    graph = Graph()
    graph.parse(path, format="turtle")
    company = URIRef("https://w3id.org/relocgraph/ontology#Company")
    authority = URIRef("https://w3id.org/relocgraph/ontology#RegionalAuthority")
    found: set[tuple[str, str, str]] = set()
    for prop in (RDFS.label, SKOS.prefLabel, SKOS.altLabel):
        for s, o in graph.subject_objects(prop):
            if not isinstance(o, Literal) or o.language not in (None, "fr"):
                continue
            parts = str(s).rstrip("/").split("/")
            kind = _KINDS.get(parts[-2]) if len(parts) >= 2 else None
            if kind is None:
                continue
            if kind == "organisation" and (s, RDF.type, company) in graph:
                kind = "company"
            elif kind == "organisation" and (s, RDF.type, authority) in graph:
                kind = "authority"
            name = str(o).strip()
            if re.match(r"(?:l['’]|la |le |les )", name):
                continue  # a label as printed in context (« l'agence X »): the bare name is another label
            if len(name) >= _MIN_CHARS:
                found.add((name, kind, str(s)))
    return tuple(sorted(found))


@functools.lru_cache(maxsize=4)
def _ruler(gaz: Gazetteer, nlp: Any) -> Any:
    from spacy.pipeline import EntityRuler

    ruler = EntityRuler(nlp, name="gazetteer", phrase_matcher_attr="LOWER", overwrite_ents=True)
    patterns = []
    for name, kind, iri in gaz.entries:
        label = f"RG_{kind.upper()}"
        patterns.append({"label": label, "pattern": name, "id": iri or f"lexicon:{name}"})
        for other in _variants(name):
            patterns.append({"label": label, "pattern": other, "id": iri or f"lexicon:{name}"})
    ruler.add_patterns(patterns)
    return ruler


def _variants(name: str) -> set[str]:
    """Other printed forms of ``name``: the other apostrophe, a capital with or without its
    accent (« Etat » / « État »).

    >>> sorted(_variants("baromètre de l'Etat"))
    ["baromètre de l'État", 'baromètre de l’Etat', 'baromètre de l’État']
    """
    forms = {name}
    forms |= {f.replace("'", "’") for f in forms} | {f.replace("’", "'") for f in forms}
    swaps = {"É": "E", "E": "É"}
    forms |= {re.sub(r"\b[ÉE](?=[a-zé])", lambda m: swaps[m.group(0)], f) for f in forms}
    return forms - {name}


def label_type(label: str) -> str | None:
    """The item type of a gazetteer entity label (``RG_COMPANY`` → ``company``).

    >>> label_type("RG_COMPANY"), label_type("PER")
    ('company', None)
    """
    return label[3:].lower() if label.startswith("RG_") else None

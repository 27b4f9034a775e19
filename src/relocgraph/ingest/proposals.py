"""The entities a draft refers to: linked to the registry, or proposed as new ones.

:class:`EntityProposals` resolves each name an item gives to a registry entity
(:mod:`~relocgraph.ingest.link`), or proposes a new one — an IRI unused by the registry and
the draft, its class, labels and TODO lines — and remembers why, for the draft's comments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib import URIRef

from relocgraph.model.namespaces import ID

from .items import Item
from .link import GENERIC, KINDS, Link, Registry, kind_of, name_key, slugify
from .turtle_text import curie, literal, person_label

#: Entities whose French name is also their English label (proper names); others get a TODO.
SAME_NAME_IN_ENGLISH = ("person", "company", "place")


#: Item types whose new entity's kind, class and extra lines do not depend on its name.
_PLAIN_KINDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "company": ("organisation", "rg:Company", ()),
    "site": ("site", "rg:IndustrialSite", ()),
    "sector": ("sector", "skos:Concept", ("skos:inScheme scheme:sectors",)),
    "place": ("place", "schema:Place", ()),
    "indicator": (
        "indicator",
        "rg:Indicator",
        (
            "# TODO: no indicator of the scheme has these words: reuse one (an altLabel), or give",
            "# this one skos:broader, a skos:definition and its unit",
            "skos:inScheme scheme:indicators",
        ),
    ),
    "source": ("source", "rg:ExternalSource", ()),
}


def _person_names(name: str) -> list[str]:
    """``foaf:givenName`` and ``foaf:familyName`` lines: the family name is the word in capitals.

    >>> _person_names("Hélène MARCHAND")
    ['foaf:givenName "Hélène"', 'foaf:familyName "Marchand"']
    """
    words = name.split()
    given = " ".join(w for w in words if not w.isupper()) or words[0]
    family = person_label(" ".join(w for w in words if w.isupper()) or words[-1])
    return [f"foaf:givenName {literal(given)}", f"foaf:familyName {literal(family)}"]


def _organisation_class(name: str, info: dict[str, Any]) -> str:
    """A regional authority (« Région … »), a public agency, or a formal organisation."""
    kind = info.get("kind")
    if kind == "authority" and name.startswith("Région"):
        return "rg:RegionalAuthority"
    if kind == "agency" or info.get("cue") == "agency":
        return "rg:PublicAgency"
    return "org:FormalOrganization"


@dataclass
class Proposal:
    """A new entity the draft needs: its IRI and its Turtle description."""

    iri: URIRef
    turtle: str
    label: str


class EntityProposals:
    """The entities of one draft: registry links and new proposals, with the reasons."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.proposals: dict[URIRef, Proposal] = {}
        self.links: dict[int, tuple[str, str]] = {}
        self.reasons: dict[int, str] = {}
        self.why: dict[URIRef, str] = {}  # why each entity was chosen (registry links only)
        self.publisher_iri: URIRef | None = None

    def entity(self, type_: str, name: str, **info: Any) -> URIRef:
        """The registry entity ``name`` resolves to (:mod:`~relocgraph.ingest.link`), or a
        proposed one; remembers why in :attr:`why`."""
        kinds = KINDS[type_]
        link = info.pop("link", None) or self.registry.resolve(name, kinds=kinds)
        if link.linked:
            self.why[link.iri] = link.reason
            return link.iri
        if (
            name_key(name) in GENERIC
            and type_ in ("organisation", "publisher")
            and self._publisher_is_region()
        ):
            assert self.publisher_iri is not None
            self.why[self.publisher_iri] = "rule: « la Région » of a document is its publisher"
            return self.publisher_iri
        for p in self.proposals.values():
            if kind_of(p.iri) in kinds and name_key(p.label) == name_key(name):
                return p.iri
        kind, cls, extra = self.describe(type_, name, **info)
        return self.propose(
            kind,
            cls,
            extra,
            name,
            label=person_label(name) if type_ == "person" else name,
            english=type_ in SAME_NAME_IN_ENGLISH,
            link=link,
            slug=info.get("slug"),
        )

    def propose(
        self,
        kind: str,
        cls: str,
        extra: list[str],
        name: str,
        *,
        label: str,
        english: bool,
        link: Link | None = None,
        slug: str | None = None,
    ) -> URIRef:
        """Propose a new entity (an IRI unused by the registry and this draft)."""
        base = slug or slugify(name)
        iri = URIRef(f"{ID}{kind}/{base}")
        n = 2
        while self.registry.has(iri) or iri in self.proposals:
            iri = URIRef(f"{ID}{kind}/{base}-{n}")
            n += 1
        lines = [f"{curie(iri)} a {cls} ;", f"    rdfs:label {literal(label, 'fr')}"]
        if english:
            lines[-1] += f" , {literal(label, 'en')}"
        else:
            lines.insert(0, '# TODO: add the English label (rdfs:label "…"@en)')
        if label != name:
            lines[-1] += f" ;\n    skos:altLabel {literal(name, 'fr')}"
        for line in extra:
            if not line.startswith("#"):
                lines[-1] += " ;\n    " + line
        notes = _closest_note(self.registry, link) + [line for line in extra if line.startswith("#")]
        lines[:0] = [n for n in notes if n not in lines]
        self.proposals[iri] = Proposal(iri, "\n".join(lines) + " .\n", name)
        self.why[iri] = link.reason if link is not None and link.reason else "no registry entity of that name"
        return iri

    def _publisher_is_region(self) -> bool:
        if self.publisher_iri is None:
            return False
        labels = self.registry.labels_of(self.publisher_iri) or [
            p.label for p in self.proposals.values() if p.iri == self.publisher_iri
        ]
        return any(name_key(label).startswith("region ") for label in labels)

    def describe(self, type_: str, name: str, **info: Any) -> tuple[str, str, list[str]]:
        """The IRI kind, the class and extra Turtle lines of a new entity of item ``type_``."""
        if type_ in _PLAIN_KINDS:
            kind, cls, extra = _PLAIN_KINDS[type_]
            return kind, cls, list(extra)
        if type_ == "person":
            return "person", "foaf:Person", _person_names(name)
        if type_ in ("organisation", "publisher"):
            return "organisation", _organisation_class(name, info), []
        if type_ == "plan":
            if (info.get("kind") or "plan") in ("plan", "pacte", "feuille de route"):
                return "plan", "rg:StrategicPlan", []
            return "instrument", "rg:PolicyInstrument", []
        if type_ == "post":
            return "post", "org:Post", self._post_in(info.get("org"), assumed=info.get("assumed", True))
        raise ValueError(type_)  # pragma: no cover

    def _post_in(self, org: URIRef | None, *, assumed: bool = True) -> list[str]:
        """The organisation a new post is in: the one its title names, else the publisher."""
        if org is not None and not assumed:
            return [f"org:postIn {curie(org)}"]
        if self.publisher_iri is not None:
            return [
                "# ASSUMED: the title names no organisation; org:postIn is the publisher: check",
                f"org:postIn {curie(self.publisher_iri)}",
            ]
        return []

    def period(self, key: str, start: str | None, end: str | None, label: str) -> URIRef:
        iri = URIRef(f"{ID}period/{key}")
        if self.registry.has(iri) or iri in self.proposals:
            return iri
        lines = [
            f"{curie(iri)} a time:ProperInterval ;",
            f"    rdfs:label {literal(label, 'fr')} , {literal(key, 'en')}",
        ]
        for prop, day in (("time:hasBeginning", start), ("time:hasEnd", end)):
            if day:
                lines[-1] += f" ;\n    {prop} {curie(self.instant(day))}"
        self.proposals[iri] = Proposal(iri, "\n".join(lines) + " .\n", label)
        return iri

    def instant(self, day: str) -> URIRef:
        iri = URIRef(f"{ID}instant/{day}")
        if not (self.registry.has(iri) or iri in self.proposals):
            self.proposals[iri] = Proposal(
                iri,
                f"{curie(iri)} a time:Instant ;\n"
                f"    rdfs:label {literal(day, 'fr')} , {literal(day, 'en')} ;\n"
                f'    time:inXSDDate "{day}"^^xsd:date .\n',
                day,
            )
        return iri

    def note_link(self, item: Item, iri: URIRef) -> None:
        status = "linked" if self.registry.has(iri) else "new"
        self.links[id(item)] = (curie(iri), status)
        self.reasons[id(item)] = self.why.get(iri, "")

    def link_note(self, item: Item) -> str:
        """The block comment saying which entity an item links to, and why."""
        link = self.links.get(id(item))
        if link is None:
            return ""
        what = "reuses registry entity" if link[1] == "linked" else "proposes NEW entity"
        why = self.reasons.get(id(item), "")
        return f"{what} {link[0]}" + (f" ({why})" if why else "")


def _closest_note(registry: Registry, link: Link | None) -> list[str]:
    """Comment lines naming the closest registry entity a new one was not linked to."""
    if link is None or link.closest is None:
        return []
    iri, score = link.closest
    label = next(iter(registry.labels_of(iri)), "")
    return [
        f"# CLOSEST in the registry: {curie(iri)} « {label} » (score {score:.2f}, not linked: "
        + ("another kind of entity)" if score >= 1 else "below the threshold)"),
        f"# If it is the same entity, delete this block and write {curie(iri)} in the draft.",
    ]

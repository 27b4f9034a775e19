"""Resolve extracted names against the entity registry (``data/entities.ttl``).

A name resolves to a registry entity of the kind the item calls for (a person name never
links to a plan), and every link says *why*, so the curator sees what would be reused:

=======================  ====================================================================
``exact label``          the name equals an ``rdfs:label`` or ``skos:prefLabel`` after folding
                         (accents, case, apostrophes, a leading article: :func:`fold`)
``altLabel``             it equals a ``skos:altLabel`` (abbreviations such as « AURA » and
                         « BPI France » are altLabels in the registry: data, not code)
``rule: spelling``       it equals a label once dashes (« Auvergne–Rhône–Alpes »), spaces
                         around hyphens (« Pannier- Runacher ») and inner spaces are ignored
``rule: …``              a rule of its kind: a compound or married family name (« Stéphanie
                         Pernod-Beaudon » → Stéphanie Pernod), a post of the same
                         organisation and role, a site of the same company and place, an
                         indicator's words that contain one label of the indicator scheme
``fuzzy 0.93``           the closest label by :func:`rapidfuzz.fuzz.ratio` scores at least
                         :data:`FUZZY_LINK` (never for persons, posts, sites, indicators)
=======================  ====================================================================

Below the threshold nothing is linked: the draft proposes a new entity and names the
closest registry entity with its score, so two different things are never merged silently.

>>> from pathlib import Path
>>> registry = load_registry(Path("data/entities.ttl"))
>>> registry.find("l’ETAT", kinds=("organisation",))
rdflib.term.URIRef('https://w3id.org/relocgraph/id/organisation/etat')
>>> registry.resolve("Stéphanie Pernod-Beaudon", kinds=("person",)).reason
'rule: compound family name (Pernod)'
>>> registry.resolve("Région Auvergne–Rhône–Alpes", kinds=("organisation",)).reason
'rule: spelling (dashes, spaces)'
>>> registry.find("Marc Lefèvre", kinds=("person",)) is None
True
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import FOAF, RDFS, SKOS, Graph, Namespace, URIRef

from relocgraph.model.namespaces import ID

from .items import fold
from .turtle_text import curie

ORG = Namespace("http://www.w3.org/ns/org#")
_UNIT_MEASURE = URIRef("http://purl.org/linked-data/sdmx/2009/attribute#unitMeasure")
_UNIT = "http://qudt.org/vocab/unit/"

#: Registry prefixes an item type may link to.
KINDS: dict[str, tuple[str, ...]] = {
    "person": ("person",),
    "organisation": ("organisation",),
    "company": ("organisation",),
    "publisher": ("organisation",),
    "plan": ("plan", "instrument", "policy"),
    "site": ("site",),
    "sector": ("sector",),
    "place": ("place",),
    "indicator": ("indicator",),
    "post": ("post",),
    "source": ("source",),
}

#: A fuzzy score (0-1) at or above which a name links to the closest label.
FUZZY_LINK = 0.92
#: A fuzzy score at or above which the closest label is shown to the curator (not linked).
FUZZY_SHOW = 0.70
#: Kinds whose names are never linked by fuzzy score alone (« Marc Lefèvre » is not
#: « Marc Lefebvre »; posts, sites and indicators have rules of their own).
NO_FUZZY = frozenset({"person", "post", "site", "indicator", "period", "instant"})
#: Names that designate an entity only through their context (the document's publisher),
#: never by themselves: « la Région » of one release is not another's.
GENERIC = frozenset({"region", "departement", "usine", "usines", "site", "sites", "agence", "entreprise"})

_DASHES = re.compile(r"[\u2010-\u2015\u2212\u00ad]")
_STOPWORDS = frozenset({"de", "d", "du", "des", "la", "le", "les", "l", "a", "au", "aux", "en", "et"})


def name_key(text: str) -> str:
    """:func:`fold` with every dash a hyphen and no space around hyphens.

    >>> name_key("Région Auvergne–Rhône – Alpes")
    'region auvergne-rhone-alpes'
    >>> name_key("Agnès Pannier- Runacher")
    'agnes pannier-runacher'
    """
    text = _DASHES.sub("-", fold(_DASHES.sub("-", text)))
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"[«»\"“”]", " ", text)
    return re.sub(r"\s+", " ", text).strip(" -")


def compact_key(text: str) -> str:
    """:func:`name_key` without spaces, hyphens, dots or apostrophes: « BPI France » →
    ``bpifrance``.

    >>> compact_key("BPI France") == compact_key("Bpifrance")
    True
    """
    return re.sub(r"[\s\-'.]", "", name_key(text))


def words(text: str) -> frozenset[str]:
    """The content words of a name, folded, plural ``s``/``x`` dropped, remarks in
    parentheses ignored.

    >>> sorted(words("créations d'emplois"))
    ['creation', 'emploi']
    >>> sorted(words("emplois (sans précision)"))
    ['emploi']
    """
    out = set()
    text = re.sub(r"\([^()]*\)", " ", text)  # a remark: « emplois (sans précision) »
    for w in re.split(r"[\s'’\-,.;:()]+", name_key(text)):
        if not w or w in _STOPWORDS:
            continue
        out.add(w[:-1] if len(w) > 3 and w[-1] in "sx" else w)
    return frozenset(out)


@dataclass(frozen=True)
class Link:
    """How a name resolved: the registry entity (None: propose a new one) and why.

    ``closest`` names the best registry candidate when nothing was linked, with its score,
    for the curator to judge.
    """

    iri: URIRef | None
    reason: str = ""
    score: float = 1.0
    closest: tuple[URIRef, float] | None = None

    @property
    def linked(self) -> bool:
        return self.iri is not None


@dataclass
class _Entry:
    iri: URIRef
    label: str
    how: str  # "exact label" or "altLabel"
    lang: str = ""


@dataclass
class Registry:
    """The registry's entities with their labels and the few facts linking rules need."""

    labels: dict[str, list[URIRef]] = field(default_factory=dict)
    subjects: set[URIRef] = field(default_factory=set)
    entries: list[_Entry] = field(default_factory=list)
    persons: dict[URIRef, tuple[str, str]] = field(default_factory=dict)  # given, family keys
    post_in: dict[URIRef, URIRef] = field(default_factory=dict)
    units: dict[URIRef, str] = field(default_factory=dict)  # indicator -> unit local name

    def add(self, iri: URIRef, label: str, how: str = "exact label", lang: str = "") -> None:
        """Record ``label`` as a name of ``iri``."""
        bucket = self.labels.setdefault(fold(label), [])
        if iri not in bucket:
            bucket.append(iri)
        self.entries.append(_Entry(iri, label, how, lang))

    def has(self, iri: URIRef) -> bool:
        return iri in self.subjects

    def find(self, name: str, *, kinds: tuple[str, ...]) -> URIRef | None:
        """The registry entity ``name`` resolves to among ``kinds`` (IRI prefixes), if any."""
        return self.resolve(name, kinds=kinds).iri

    def resolve(self, name: str, *, kinds: tuple[str, ...]) -> Link:
        """Resolve ``name`` among entities of ``kinds`` (see the module docs)."""
        candidates = [e for e in self.entries if kind_of(e.iri) in kinds]
        if name_key(name) in GENERIC or not name_key(name):
            return Link(None, "generic name: resolved by its context, never by itself")
        for key_of, reason in (
            (fold, None),
            (name_key, "rule: spelling (dashes, spaces)"),
            (compact_key, None),
        ):
            key = key_of(name)
            hits: dict[URIRef, _Entry] = {}
            for e in candidates:
                if key_of(e.label) == key:
                    hits.setdefault(e.iri, e)  # a label before an altLabel
            if len(hits) == 1:
                entry = next(iter(hits.values()))
                why = reason or (entry.how if key_of is fold else "rule: spelling (spaces, hyphens, dots)")
                return Link(entry.iri, why)
            if len(hits) > 1:
                return Link(None, "ambiguous: " + ", ".join(sorted(curie(i) for i in hits)))
        if "person" in kinds:
            found = self._person_rule(name)
            if found is not None:
                return found
        elsewhere = sorted(
            {e.iri for e in self.entries if fold(e.label) == fold(name)} - {e.iri for e in candidates}
        )
        if elsewhere:  # the same name under another kind: say so, never link across kinds
            return Link(
                None,
                f"the registry has {curie(elsewhere[0])} of that name (another kind)",
                closest=(elsewhere[0], 1.0),
            )
        return self._fuzzy(name, candidates, kinds)

    def _person_rule(self, name: str) -> Link | None:
        """A compound or married family name holding the registry's family name, with the
        same given name: « Stéphanie Pernod-Beaudon » → Stéphanie Pernod."""
        parts = name_key(name).split()
        if len(parts) < 2:
            return None
        given, family = parts[0], "-".join(parts[1:])
        family_parts = set(re.split(r"[-\s]", family))
        hits = [
            (iri, fam)
            for iri, (g, fam) in self.persons.items()
            if g == given and fam != family and fam in family_parts
        ]
        if len(hits) != 1:
            return None
        iri, fam = hits[0]
        return Link(iri, f"rule: compound family name ({fam.capitalize()})")

    def _fuzzy(self, name: str, candidates: list[_Entry], kinds: tuple[str, ...]) -> Link:
        from rapidfuzz import fuzz

        key = name_key(name)
        best: tuple[float, URIRef] | None = None
        for e in candidates:
            score = fuzz.ratio(key, name_key(e.label)) / 100
            if _digits(key) != _digits(name_key(e.label)):
                continue  # « plan 2030 » is not « plan 2021 »
            if best is None or score > best[0] or (score == best[0] and str(e.iri) < str(best[1])):
                best = (score, e.iri)
        if best is None:
            return Link(None)
        score, iri = round(best[0], 2), best[1]
        if score >= FUZZY_LINK and not set(kinds) & NO_FUZZY:
            return Link(iri, f"fuzzy {score:.2f}", score)
        return Link(None, score=score, closest=(iri, score) if score >= FUZZY_SHOW else None)

    def with_kind(self, kinds: tuple[str, ...]) -> list[URIRef]:
        """Every registry IRI of ``kinds``, sorted."""
        return sorted({s for s in self.subjects if kind_of(s) in kinds})

    def labels_of(self, iri: URIRef) -> list[str]:
        """The registry's labels of ``iri``, French ones first."""
        entries = [e for e in self.entries if e.iri == iri]
        return [e.label for e in sorted(entries, key=lambda e: (e.lang != "fr", e.how != "exact label"))]


def _digits(text: str) -> list[str]:
    return re.findall(r"\d+", text)


def kind_of(iri: URIRef) -> str:
    """The kind of an entity IRI: ``…/id/person/x`` → ``person``."""
    rest = str(iri)[len(str(ID)) :]
    return rest.split("/", 1)[0]


def load_registry(path: Path) -> Registry:
    """Read the entity registry's labels (an absent file gives an empty registry)."""
    registry = Registry()
    if not path.exists():
        return registry
    graph = Graph()
    graph.parse(path, format="turtle")
    return registry_of(graph)


def registry_of(graph: Graph) -> Registry:
    """The :class:`Registry` of a parsed registry graph."""
    registry = Registry()
    mine = str(ID)
    for s, _p, _o in graph:
        if isinstance(s, URIRef) and str(s).startswith(mine):
            registry.subjects.add(s)
    for prop, how in (
        (RDFS.label, "exact label"),
        (SKOS.prefLabel, "exact label"),
        (SKOS.altLabel, "altLabel"),
    ):
        for s, label in sorted(graph.subject_objects(prop)):
            if isinstance(s, URIRef) and str(s).startswith(mine):
                registry.add(s, str(label), how, getattr(label, "language", None) or "")
    for s in sorted(registry.subjects):
        given, family = graph.value(s, FOAF.givenName), graph.value(s, FOAF.familyName)
        if given is not None and family is not None:
            registry.persons[s] = (name_key(str(given)), name_key(str(family)))
        org = graph.value(s, ORG.postIn)
        if isinstance(org, URIRef):
            registry.post_in[s] = org
        unit = graph.value(s, _UNIT_MEASURE)
        if unit is not None and str(unit).startswith(_UNIT):
            registry.units[s] = str(unit)[len(_UNIT) :]
    return registry


def slugify(text: str, *, limit: int = 60) -> str:
    """An ASCII slug for an IRI: ``« Plan Industrie Occitanie »`` → ``plan-industrie-occitanie``.

    >>> slugify("Hélène MARCHAND")
    'helene-marchand'
    >>> slugify("AD'OCC")
    'ad-occ'
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("œ", "oe")
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(text) > limit:
        text = text[:limit].rsplit("-", 1)[0]
    return text or "x"


# -- posts ---------------------------------------------------------------------------

_FEMININE = (
    ("vice-presidente", "vice-president"),
    ("presidente", "president"),
    ("conseillere", "conseiller"),
    ("deleguee", "delegue"),
    ("directrice", "directeur"),
    ("chargee", "charge"),
    ("ministre deleguee", "ministre delegue"),
)
_ROLE = re.compile(
    r"^(?:(?P<rank>1er|\d+e)\s+)?(?P<role>vice-president|president|conseiller special|"
    r"conseiller regional|conseiller delegue|conseiller|directeur general|directeur regional|"
    r"directeur|prefet de region|prefet|ministre delegue|ministre|maire|secretaire general)\b"
)
#: Roles several people hold at once in one organisation: a bare role names no post.
_SHARED_ROLES = frozenset(
    {"vice-president", "conseiller", "conseiller regional", "conseiller delegue", "directeur"}
)
#: A post's wording (outside its role) that scores at least this links to a post of the same
#: organisation and role.
POST_LINK = 0.85


def post_key(title: str) -> str:
    """A post's title folded, its ordinal and gender forms made one.

    >>> post_key("1ère Vice-présidente déléguée à l’Economie")
    "1er vice-president delegue a l'economie"
    >>> post_key("1^{re} Vice-Présidente") == post_key("Première vice-présidente")
    True
    """
    text = name_key(title)
    text = re.sub(r"^(?:1\s*(?:ere|re|er)|premiere|premier)\b", "1er", text)
    text = re.sub(r"^(\d+)\s*(?:eme|e)\b", r"\1e", text)
    for feminine, masculine in _FEMININE:
        text = re.sub(rf"\b{feminine}\b", masculine, text)
    return text


def role_of(title: str) -> str | None:
    """The role a post's title opens with (« 1er vice-president »), if a known one."""
    m = _ROLE.match(post_key(title))
    return " ".join(x for x in (m["rank"], m["role"]) if x) if m else None


def resolve_post(registry: Registry, title: str, org: URIRef | None) -> Link:
    """A registry post of organisation ``org`` with the same role as ``title`` and close
    wording (:data:`POST_LINK`); never a post of another organisation."""
    from rapidfuzz import fuzz

    exact = registry.resolve(title, kinds=("post",))
    if exact.linked and (org is None or registry.post_in.get(exact.iri) == org):  # type: ignore[arg-type]
        return exact
    role = role_of(title)
    if org is None or role is None:
        return Link(None, "no organisation or no known role in the title: not linked")
    rest = post_key(title)[len(role) :].strip(" ,")
    if role in _SHARED_ROLES and not words(rest) - {"region"}:
        return Link(None, f"a bare « {role} » names no single post: not linked")
    best: tuple[float, URIRef] | None = None
    for iri in registry.with_kind(("post",)):
        if registry.post_in.get(iri) != org:
            continue
        for label in registry.labels_of(iri):
            if role_of(label) != role:
                continue
            score = fuzz.token_set_ratio(post_key(title), post_key(label)) / 100
            if best is None or score > best[0]:
                best = (score, iri)
    if best is None:
        return Link(None, "no post of this organisation and role in the registry")
    score = round(best[0], 2)
    if score >= POST_LINK:
        return Link(best[1], f"rule: same organisation and role, wording {score:.2f}", score)
    return Link(None, score=score, closest=(best[1], score))


# -- indicators ------------------------------------------------------------------------

#: Words that change what a count of jobs, projects or sites means: an indicator's words
#: holding one its label lacks never link to it (« emplois prévus » are not jobs created).
QUALIFIERS = frozenset(
    words(
        "prévus potentiels sauvegardés maintenus préservés confortés attendus envisagés menacés "
        "supprimés détruits perdus visés objectif promis nets bruts fermetures ouvertures soldes "
        "annoncés"
    )
)
_UNIT_OF = {"EUR": "CCY_EUR", "PERCENT": "PERCENT"}


def resolve_indicator(registry: Registry, text: str, unit: str | None) -> Link:
    """The indicator of the scheme that a figure's indicator words (« emplois industriels
    créés ») name: a label equal to them, else the label with the most words that are all
    among them — unless the words hold a qualifier (:data:`QUALIFIERS`) the label lacks, or
    the indicator is measured in another unit. Several labels of as many words: no link."""
    wanted_unit = _UNIT_OF.get(unit or "", "NUM")
    text_words = words(text)

    def fits(iri: URIRef) -> bool:
        return registry.units.get(iri, wanted_unit) == wanted_unit

    exact = registry.resolve(text, kinds=("indicator",)) if text_words else Link(None)
    if exact.linked and fits(exact.iri):  # type: ignore[arg-type]
        return exact
    best: dict[URIRef, int] = {}
    for entry in registry.entries:
        label_words = words(entry.label)
        if kind_of(entry.iri) != "indicator" or not label_words or not label_words <= text_words:
            continue
        if (text_words - label_words) & QUALIFIERS or not fits(entry.iri):
            continue
        best[entry.iri] = max(best.get(entry.iri, 0), len(label_words))
    if best:
        top = max(best.values())
        hits = sorted(iri for iri, n in best.items() if n == top)
        if len(hits) == 1:
            return Link(hits[0], "rule: the words hold the label's words")
        return Link(None, "ambiguous: " + ", ".join(curie(h) for h in hits))
    if not text_words and wanted_unit == "CCY_EUR":
        amounts = URIRef(f"{ID}indicator/financial-amounts")
        if registry.has(amounts):
            return Link(amounts, "rule: an amount in euros whose words name no indicator")
    return Link(None, closest=exact.closest)


# -- sites -----------------------------------------------------------------------------

_SITE_PLACE = re.compile(
    r"\b(?:à|a|près de|pres de|en|au|dans)\s+(?P<place>[A-ZÀ-Ý][\w'’\-]+(?:[ -][A-ZÀ-Ý][\w'’\-]+)*)"
)


def site_place(site_text: str) -> str | None:
    """The place a site's words name: « usine à Castelnaudary » → ``Castelnaudary``.

    >>> site_place("gigafactory de piles à combustible près de Mulhouse")
    'Mulhouse'
    >>> site_place("usine") is None
    True
    """
    places = [m["place"] for m in _SITE_PLACE.finditer(site_text)]
    return places[-1] if places else None


def site_slug(company: str | None, place: str | None, head: str, document: str) -> str:
    """A site's IRI local name: company and place, never a bare head word.

    Without both, the name is made unique to the document, so two documents' unnamed
    plants never share an IRI.

    >>> site_slug("Thermocap", "Castelnaudary", "usine", "cp-x")
    'thermocap-castelnaudary'
    >>> site_slug(None, "Dunkerque", "usine", "cp-x")
    'cp-x-usine-dunkerque'
    """
    if company and place:
        return f"{slugify(company, limit=40)}-{slugify(place, limit=40)}"
    parts = [document, slugify(head.split()[0] if head.split() else "site"), company or "", place or ""]
    return "-".join(slugify(p) for p in parts if p)

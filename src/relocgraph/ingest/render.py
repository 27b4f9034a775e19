"""Render extracted items as a draft statements file and the entities it proposes.

:class:`Renderer` writes one statement block per item in the curated files' conventions
(each under a comment giving the item's type, confidence and how its names were linked to
the registry, with TODO lines where a curator must decide); the entities the registry
lacks are proposed by :class:`~relocgraph.ingest.proposals.EntityProposals`, which it
extends. :func:`relocgraph.ingest.draft.make_draft` drives it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import URIRef

from relocgraph.model.errors import InputError
from relocgraph.model.namespaces import ID
from relocgraph.pipeline.evidence import locate
from relocgraph.pipeline.metadata import KINDS as DOCUMENT_KINDS
from relocgraph.pipeline.metadata import META_SUFFIX
from relocgraph.pipeline.project import DRAFT_SUFFIX, SOURCES_DIR
from relocgraph.pipeline.sources import SourceText, normalise

from .items import Item, fold
from .link import (
    GENERIC,
    Registry,
    kind_of,
    name_key,
    resolve_indicator,
    resolve_post,
    site_place,
    site_slug,
    slugify,
)
from .proposals import EntityProposals, Proposal
from .turtle_text import PREFIX_LINES, curie, english_date, literal

REVIEW_LINE = "# reviewed: no"

UNITS = {"EUR": "unit:CCY_EUR", "PERCENT": "unit:PERCENT"}
_XSD_DATE = {10: "date", 7: "gYearMonth", 4: "gYear"}


@dataclass
class Draft:
    """The rendered draft: statements Turtle, proposed entities, and review rows."""

    slug: str
    text: str
    statements: str
    proposals: list[Proposal]
    items: list[Item]
    links: dict[int, tuple[str, str]] = field(default_factory=dict)  # id(item) -> (curie, status)
    reasons: dict[int, str] = field(default_factory=dict)  # id(item) -> why it links (or not)

    @property
    def entities_text(self) -> str | None:
        if not self.proposals:
            return None
        head = (
            f"# Entities proposed by `relocgraph ingest` for document:{self.slug}.\n"
            "# They are NOT in the registry yet. Check each one (IRI, type, labels; add an\n"
            "# English label), delete the ones you do not want, then change the next line to\n"
            "# '# reviewed: yes'. `relocgraph accept` merges them into data/entities.ttl.\n"
            f"{REVIEW_LINE}\n"
        )
        body = "\n".join(p.turtle for p in sorted(self.proposals, key=lambda p: str(p.iri)))
        return head + PREFIX_LINES + "\n" + body


class Renderer(EntityProposals):
    """One statement block per item, and the document's own block (see the module doc)."""

    def __init__(
        self,
        slug: str,
        text: str,
        items: list[Item],
        registry: Registry,
        source: SourceText,
        meta: dict[str, str] | None = None,
    ) -> None:
        super().__init__(registry)
        self.slug = slug
        self.meta = meta or {}
        self.text = text
        self.items = items
        self.source = source
        self.blocks: list[str] = []
        self.used_ids: set[str] = set()
        self.doc = f"document:{slug}"

    # -- statements -------------------------------------------------------------

    def sid(self, base: str) -> str:
        base = slugify(base, limit=48)
        sid, n = base, 2
        while sid in self.used_ids:
            sid, n = f"{base}-{n}", n + 1
        self.used_ids.add(sid)
        return sid

    def checked(self, quote: str | None) -> str | None:
        """``quote`` if it passes the build's evidence check (found once), else None."""
        if not quote:
            return None
        try:
            locate(self.source, quote)
        except InputError:
            return None
        return quote

    def block(self, item: Item, body: list[str], *, note: str = "") -> None:
        head = f"# [{item.type} · confidence {item.confidence:.2f}] {_short(item.text)}"
        if self.link_note(item):
            head += f"\n# {self.link_note(item)}"
        if note:
            head += f"\n# {note}"
        self.blocks.append(head + "\n" + "\n".join(body))

    def disabled(self, item: Item, body: list[str], why: str) -> None:
        """A block the build could not accept as it is: written commented out."""
        head = f"# [{item.type} · confidence {item.confidence:.2f}] {_short(item.text)}\n"
        if self.link_note(item):
            head += f"# {self.link_note(item)}\n"
        head += f"# DISABLED: {why}. Fix it and remove the leading '# ' to keep it."
        self.blocks.append(head + "\n" + "\n".join("# " + line for line in body))

    def fact(
        self, item: Item, sid: str, subject: str, predicate: str, obj: str, wording: str | None = None
    ) -> None:
        quote = self.checked(item.evidence)
        body = [
            f":{sid} a rg:FactStatement ; rg:statedIn {self.doc} ;",
            f"    rdf:subject {subject} ; rdf:predicate {predicate} ;",
            f"    rdf:object {obj} ;",
        ]
        if wording:
            body.append(f"    rg:wording {literal(wording)} ;")
        body.append(f"    rg:quote {literal(quote or normalise(item.text)[0])} .")
        if quote is None:
            self.disabled(
                item,
                body,
                "its words occur more than once in the source; lengthen the quote until it is unique",
            )
        else:
            self.block(item, body)

    def render(self) -> tuple[str, str]:
        items = self.items
        dateline = next((i for i in items if i.type == "dateline"), None)
        title = next((i for i in items if i.type == "title"), None)
        publisher = next((i for i in items if i.type == "publisher"), None)
        place_iri = self.entity("place", dateline.attrs["place"]) if dateline else None
        publisher_iri = (
            self.entity("publisher", publisher.attrs["name"], kind="authority") if publisher else None
        )
        self.publisher_iri = publisher_iri
        for it in items:
            handler = getattr(self, "render_" + it.type)
            handler(it)
        doc_lines = self.document_lines(dateline, title, place_iri)
        header = (
            f"# DRAFT statements of data/sources/{self.slug}.txt, extracted by `relocgraph ingest`.\n"
            "# Nothing here is in the graph yet: `relocgraph build` refuses this file.\n"
            "# Review every block: each starts with a comment giving the item's type and the\n"
            "# extractor's confidence. Edit or delete blocks, then run\n"
            f"#     relocgraph accept data/statements/{self.slug}{DRAFT_SUFFIX}\n"
            f"# New entities it refers to are proposed in data/entities.draft/{self.slug}.ttl.\n"
            f"@prefix : <{ID}statement/{self.slug}/> .\n"
        )
        doc_block = "# --- The document " + "-" * 61 + "\n\n" + "\n".join(doc_lines)
        text = header + PREFIX_LINES + "\n" + doc_block + "\n\n" + "\n\n".join(self.blocks) + "\n"
        return text, ""

    def document_lines(self, dateline: Item | None, title: Item | None, place: URIRef | None) -> list[str]:
        """The document's own block: its class, date, title, publisher, language, place and
        source file — from the text where it prints them, else from the metadata record,
        else a TODO pointing at the record."""
        meta = self.meta
        record = SOURCES_DIR / f"{self.slug}{META_SUFFIX}"
        kind = meta.get("kind") or "press-release"
        lines = [f"{self.doc} a fabio:{DOCUMENT_KINDS.get(kind, 'PressRelease')} ;"]
        if dateline and kind == "press-release":
            day = dateline.value
            lines.append(
                f"    rdfs:label {literal('Communiqué du ' + dateline.attrs['date'], 'fr')} , "
                f"{literal('Press release of ' + english_date(day), 'en')} ;"
            )
        issued = meta.get("issued") or (dateline.value if dateline else "")
        if issued:
            lines.append(f'    dcterms:issued "{issued}"^^xsd:{_XSD_DATE.get(len(issued), "date")} ;')
        else:
            lines.insert(0, f"# TODO dcterms:issued: the text prints no dateline: write the date in {record}")
            lines.insert(1, '#   (issued = "YYYY-MM-DD", or "YYYY-MM" / "YYYY" at the precision known), or')
            lines.insert(
                2, "#   run `relocgraph ingest FILE --date YYYY-MM-DD` again; never add it to the text"
            )
        title_text = meta["title"] if "title" in meta else (normalise(title.text)[0] if title else "")
        if title_text:
            lines.append(f"    dcterms:title {literal(title_text, 'fr')} ;")
        elif "title" not in meta:  # title = "" in the record: the text prints none
            lines.insert(
                0, f"# TODO dcterms:title: no title was found: write the title as printed in {record}"
            )
            lines.insert(1, '#   (title = "…"), or title = "" if the text prints none')
        if self.publisher_iri is not None and not meta.get("publisher"):
            lines.append(f"    dcterms:publisher {curie(self.publisher_iri)} ;")
        lines.append(f'    dcterms:language "{meta.get("language") or "fr"}" ;')
        if place is not None:
            lines.append(f"    dcterms:spatial {curie(place)} ;")
        lines.append(f"    rg:sourceFile {literal(str(SOURCES_DIR / (self.slug + '.txt')))} .")
        return lines

    # one method per item type -----------------------------------------------------

    def render_dateline(self, it: Item) -> None:
        self.fact(
            it,
            self.sid("dateline"),
            self.doc,
            "dcterms:issued",
            f'"{it.value}"^^xsd:date',
            wording="le " + it.attrs["date"],
        )
        place = self.entity("place", it.attrs["place"])
        self.note_link(it, place)
        self.fact(it, self.sid("place"), self.doc, "dcterms:spatial", curie(place), wording=it.attrs["place"])

    def render_title(self, it: Item) -> None:
        text = normalise(it.text)[0]
        self.fact(it, self.sid("title"), self.doc, "dcterms:title", literal(text, "fr"))

    def render_publisher(self, it: Item) -> None:
        assert self.publisher_iri is not None
        self.note_link(it, self.publisher_iri)
        if self.meta.get("publisher"):
            body = [
                f":{self.sid('publisher')} a rg:FactStatement ; rg:statedIn {self.doc} ;",
                f"    rdf:subject {self.doc} ; rdf:predicate dcterms:publisher ;",
                f"    rdf:object {curie(self.publisher_iri)} ;",
                f"    rg:quote {literal(it.evidence or normalise(it.text)[0])} .",
            ]
            why = f"the metadata record names the publisher ({self.meta['publisher']}); this guess is not it"
            self.disabled(it, body, why)
            return
        self.fact(
            it,
            self.sid("publisher"),
            self.doc,
            "dcterms:publisher",
            curie(self.publisher_iri),
            wording=normalise(it.text)[0],
        )

    def _mention(self, it: Item, type_: str, predicate: str = "dcterms:references") -> None:
        iri = self.entity(type_, it.attrs.get("name", it.text), kind=it.attrs.get("kind"))
        self.note_link(it, iri)
        self.fact(
            it,
            self.sid(f"{type_}-{slugify(it.text)}"),
            self.doc,
            predicate,
            curie(iri),
            wording=normalise(it.text)[0],
        )

    def render_person(self, it: Item) -> None:
        self._mention(it, "person")

    def render_organisation(self, it: Item) -> None:
        self._mention(it, "organisation")

    def render_company(self, it: Item) -> None:
        self._mention(it, "company")

    def render_site(self, it: Item) -> None:
        """A site is named by its company and its place, never by a bare « usine »."""
        name = it.attrs.get("name", it.text)
        company = self.site_company(it)
        place = site_place(name)
        slug = site_slug(company, place, name, self.slug)
        iri = URIRef(f"{ID}site/{slug}")
        if self.registry.has(iri):
            self.why[iri] = "rule: same company and place"
        elif iri not in self.proposals:
            head = name.split()[0] if name.split() else "site"
            label = " ".join(x for x in (head, company and f"de {company}", place and f"à {place}") if x)
            extra: list[str] = []
            if place:
                extra.append(f"rg:locatedIn {curie(self.entity('place', place))}")
            if not (company and place):
                extra.insert(
                    0,
                    "# TODO: a site is named by company + place: give the missing one "
                    "(label and IRI), or delete the site",
                )
            self.propose("site", "rg:IndustrialSite", extra, name, label=label, english=False, slug=slug)
            self.why[iri] = f"a site of {company or 'an unnamed company'} at {place or 'an unnamed place'}"
        self.note_link(it, iri)
        self.fact(
            it,
            self.sid(f"site-{slug}"),
            self.doc,
            "dcterms:references",
            curie(iri),
            wording=normalise(it.text)[0],
        )

    def site_company(self, it: Item) -> str | None:
        """The company named nearest before a site in its paragraph, else just after it in
        its sentence."""
        para_start = self.text.rfind("\n\n", 0, it.start) + 1
        para_end = self.text.find("\n\n", it.end)
        para_end = len(self.text) if para_end < 0 else para_end
        sentence_end = min((i for i in (self.text.find(". ", it.end), para_end) if i >= 0), default=para_end)
        best: tuple[int, str] | None = None
        for other in self.items:
            if other.type != "company" or not other.attrs.get("name"):
                continue
            name = other.attrs["name"]
            for m in re.finditer(re.escape(name), self.text[para_start:para_end]):
                at = para_start + m.start()
                distance = it.start - at if at < it.start else (at - it.end) * 10
                if at > it.start and at > sentence_end:
                    continue
                if best is None or distance < best[0]:
                    best = (distance, name)
        return best[1] if best else None

    def render_sector(self, it: Item) -> None:
        self._mention(it, "sector", "dcterms:subject")

    def render_plan(self, it: Item) -> None:
        name = it.attrs.get("name", it.text)
        iri = self.entity("plan", name, kind=it.attrs.get("kind"))
        self.note_link(it, iri)
        self.fact(
            it,
            self.sid(f"plan-name-{slugify(name)}"),
            curie(iri),
            "skos:altLabel",
            literal(normalise(name)[0], "fr"),
        )

    def render_post(self, it: Item) -> None:
        person = self.entity("person", it.attrs["person"])
        title = normalise(it.text)[0]
        org, assumed = self.post_org(title)
        link = resolve_post(self.registry, title, org)
        if link.linked:
            post = self.entity("post", title, link=link)
        else:
            post = self.entity("post", title, org=org, assumed=assumed, link=link)
        self.note_link(it, post)
        start = it.attrs.get("_person_start", it.start)
        evidence = normalise(self.text[start : it.end])[0]
        it.evidence = evidence if self.checked(evidence) else it.evidence
        self.fact(
            it,
            self.sid(f"{slugify(it.attrs['person'])}-post"),
            curie(person),
            "org:holds",
            curie(post),
            wording=title,
        )

    def post_org(self, title: str) -> tuple[URIRef | None, bool]:
        """The organisation a post's title names first (a name of the draft or the registry;
        « de la Région » is the publisher when it is a Région), else the publisher, assumed."""
        key = name_key(title)
        found: list[tuple[int, int, URIRef]] = []  # start, -length, organisation
        names = {
            name_key(o.attrs["name"]): (o.type, o.attrs["name"], o.attrs.get("kind"))
            for o in self.items
            if o.type in ("organisation", "company") and o.attrs.get("name")
        }
        for entry in self.registry.entries:
            if kind_of(entry.iri) == "organisation":
                names.setdefault(name_key(entry.label), ("organisation", entry.label, None))
        for k, (type_, name, kind) in names.items():
            if len(k) < 3 or k in GENERIC:
                continue
            for m in re.finditer(rf"(?<![\w-]){re.escape(k)}(?![\w-])", key):
                found.append((m.start(), -len(k), self.entity(type_, name, kind=kind)))
        spans = [(start, start - neg) for start, neg, _ in found]
        if self._publisher_is_region():
            assert self.publisher_iri is not None
            for m in re.finditer(r"\bregion\b", key):
                if not any(a <= m.start() < b for a, b in spans):
                    found.append((m.start(), 0, self.publisher_iri))
        if found:
            return min(found, key=lambda f: (f[0], f[1]))[2], False
        return self.publisher_iri, self.publisher_iri is not None

    def render_date(self, it: Item) -> None:
        if not it.value:
            self.disabled(
                it, [f"# no period could be read from {literal(it.text)}"], "the period is not understood"
            )
            return
        period = self.period(
            it.value, it.attrs.get("period_start"), it.attrs.get("period_end"), normalise(it.text)[0]
        )
        self.note_link(it, period)
        self.fact(
            it,
            self.sid(f"date-{it.value}"),
            self.doc,
            "dcterms:temporal",
            curie(period),
            wording=normalise(it.text)[0],
        )

    def render_figure(self, it: Item) -> None:
        indicator_words = (
            it.attrs.get("indicator")
            or {"EUR": "montant", "PERCENT": "pourcentage"}.get(it.unit or "")
            or it.unit
            or "chiffre"
        )
        link = resolve_indicator(self.registry, it.attrs.get("indicator") or "", it.unit)
        indicator = self.entity("indicator", indicator_words, link=link)
        self.note_link(it, indicator)
        value = it.value if isinstance(it.value, Decimal) else Decimal(str(it.value))
        verbatim = normalise(it.text)[0]
        quote = self.checked(it.evidence)
        sid = self.sid(f"figure-{indicator_words}")
        body = [
            f":{sid} a rg:ReportedFigure ; rg:statedIn {self.doc} ;",
            f"    rg:indicator {curie(indicator)} ;",
            f"    rg:value {value} ; sdmx-attribute:unitMeasure {UNITS.get(it.unit or '', 'unit:NUM')} ;",
            f"    rg:verbatimValue {literal(verbatim)} ;",
        ]
        body += self._figure_period(it)
        credited = self._figure_credit(it)
        body += credited
        attributed = self._figure_attribution(it)
        body += attributed
        note = f"unit noun: {it.unit}" if it.unit not in ("EUR", "PERCENT") else ""
        if it.attrs.get("qualifier"):
            note = (note + "; " if note else "") + f"printed with « {it.attrs['qualifier']} »"
            printed = f"Printed as « {it.attrs['qualifier']} {verbatim} »: not an exact count."
            body.append(f"    skos:editorialNote {literal(printed, 'en')} ;")
        body.append(f"    rg:quote {literal(quote or verbatim)} .")
        if not credited:
            todo = "TODO rg:creditedTo: what does the document credit this figure to?"
            note = (note + "\n# " if note else "") + todo
        if not attributed:
            todo = "TODO prov:wasAttributedTo: who reports it (the publisher, or a source it cites)?"
            note = (note + "\n# " if note else "") + todo
        if quote is None:
            self.disabled(it, body, "no unique quote around the figure was found")
        else:
            self.block(it, body, note=note)

    def _figure_period(self, it: Item) -> list[str]:
        """The figure's period as stated (and the period entity), or that none is stated."""
        if not it.attrs.get("period_key"):
            return ["    rg:periodNotStated true ;"]
        lines = []
        date = next((d for d in self.items if d.type == "date" and d.value == it.attrs["period_key"]), None)
        if date is not None:
            period = self.period(
                date.value,
                date.attrs.get("period_start"),
                date.attrs.get("period_end"),
                normalise(date.text)[0],
            )
            lines.append(f"    sdmx-dimension:refPeriod {curie(period)} ;")
        lines.append(f"    rg:periodAsStated {literal(normalise(it.attrs['period'])[0])} ;")
        return lines

    def _figure_credit(self, it: Item) -> list[str]:
        """``rg:creditedTo`` the plan, organisation or company the sentence credits, if extracted."""
        name = it.attrs.get("credited_to")
        if not name:
            return []
        for t in ("plan", "organisation", "company"):
            match = next((o for o in self.items if o.type == t and o.key == fold(name)), None)
            if match is not None:
                credited = self.entity(t, name, kind=match.attrs.get("kind"))
                return [f"    rg:creditedTo {curie(credited)} ;"]
        return []

    def _figure_attribution(self, it: Item) -> list[str]:
        """``prov:wasAttributedTo`` the source the sentence names, else the publisher."""
        attributed = None
        if it.attrs.get("attributed_to"):
            attributed = self.entity("source", it.attrs["attributed_to"])
        elif self.publisher_iri is not None:
            attributed = self.publisher_iri
        elif self.meta.get("publisher"):
            attributed = self.registry.find(self.meta["publisher"], kinds=("organisation",))
        return [f"    prov:wasAttributedTo {curie(attributed)} ;"] if attributed is not None else []

    def render_quote(self, it: Item) -> None:
        text = normalise(it.text)[0]
        sid = self.sid(f"quote-{it.speaker or 'unattributed'}")
        body = [f":{sid} a rg:Quotation ; rg:statedIn {self.doc} ;"]
        if it.speaker:
            person = self.entity("person", it.speaker)
            self.note_link(it, person)
            body.append(f"    schema:spokenByCharacter {curie(person)} ;")
        else:
            body.append("    schema:spokenByCharacter person:WHO ;")
        if it.attrs.get("speaker_title"):
            body.append(f"    rg:speakerTitle {literal(normalise(it.attrs['speaker_title'])[0])} ;")
        attribution = self.checked(it.attrs.get("attribution_quote"))
        if attribution:
            body.append(f"    rg:quote {literal(attribution)} ;")
        body.append(f"    schema:text {literal(text)} .")
        if not it.speaker:
            self.disabled(it, body, "no speaker found: replace person:WHO")
        elif self.checked(text) is None:
            self.disabled(it, body, "the quoted words occur more than once in the source")
        else:
            self.block(it, body, note=f"speaker found {it.attrs.get('attribution', '')}".strip())


def _short(text: str, width: int = 70) -> str:
    text = re.sub(r"\s+", " ", text)
    return text if len(text) <= width else text[: width - 1] + "…"

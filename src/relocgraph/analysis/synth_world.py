"""The synthetic world: N-Quads lines written from Python strings, and the regions with
their authority, place, officials, plan, pack, agency, companies and sites."""

from __future__ import annotations

import random
from dataclasses import dataclass

from relocgraph.model.prefixes import PREFIXES

from .synth_words import COMPANY, FAMILY, GIVEN, NAME_ENDS, NAME_STARTS, ROLES, SECTORS

P = PREFIXES
RDF_TYPE = P["rdf"] + "type"
XSD = P["xsd"]
ID = P["id"]
GRAPH = P["graph"]


def lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
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


class Writer:
    """N-Quads lines, in the order written."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, s: str, p: str, o: str, g: str) -> None:
        self.lines.append(f"<{s}> <{p}> {o} <{g}> .\n")

    def iri(self, s: str, p: str, o: str, g: str) -> None:
        self.lines.append(f"<{s}> <{p}> <{o}> <{g}> .\n")

    def labels(self, s: str, fr: str, en: str, g: str) -> None:
        self.add(s, P["rdfs"] + "label", lit(fr, "fr"), g)
        self.add(s, P["rdfs"] + "label", lit(en, "en"), g)


@dataclass
class Region:
    """What the documents of a region refer to (IRIs, names and printed titles)."""

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


def _person(rng: random.Random) -> tuple[str, str]:
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    return given, family


def make_region(i: int, rng: random.Random, w: Writer, g: str) -> Region:
    """Write region ``i``: its authority and place, officials, plan, pack, agency and sites."""
    name = f"{NAME_STARTS[i % len(NAME_STARTS)]} {NAME_ENDS[(i // len(NAME_STARTS)) % len(NAME_ENDS)]}"
    if i >= len(NAME_STARTS) * len(NAME_ENDS):
        name += f" {i // (len(NAME_STARTS) * len(NAME_ENDS)) + 1}"
    slug = f"synth-{i:04d}-{_slug(name)}"
    org = P["organisation"] + "region-" + slug
    place = P["place"] + slug
    w.iri(org, RDF_TYPE, P["rg"] + "RegionalAuthority", g)
    w.labels(org, f"Région {name}", f"{name} Region", g)
    w.add(org, P["skos"] + "altLabel", lit("la Région", "fr"), g)
    w.iri(org, P["rg"] + "locatedIn", place, g)
    w.iri(place, RDF_TYPE, P["schema"] + "Place", g)
    w.labels(place, name, name, g)
    w.iri(place, P["rg"] + "locatedIn", P["place"] + "france", g)
    people, posts = _officials(slug, name, org, rng, w, g)
    plan, plan_name, pack, agency, adoption = _region_policy(slug, name, place, rng, w, g)
    sites = _region_sites(slug, rng, w, g)
    return Region(slug, name, org, place, people, posts, plan, plan_name, pack, agency, adoption, sites)


def _officials(
    slug: str, name: str, org: str, rng: random.Random, w: Writer, g: str
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """Write the region's posts and the persons holding them; return (people, posts)."""
    posts, people = [], []
    for role, fr, en in ROLES:
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
        w.add(person, P["skos"] + "altLabel", lit(f"{given} {family.upper()}", "fr"), g)
        w.add(person, P["foaf"] + "givenName", lit(given), g)
        w.add(person, P["foaf"] + "familyName", lit(family), g)
        people.append((person, f"{given} {family}", f"{fr} {name}"))
    return people, posts


def _region_policy(
    slug: str, name: str, place: str, rng: random.Random, w: Writer, g: str
) -> tuple[str, str, str, str, str]:
    """Write the region's plan, pack, agency and plan adoption; return their IRIs (and the
    plan's name) as (plan, plan name, pack, agency, adoption)."""
    year = rng.choice(range(2016, 2024))
    plan = P["plan"] + f"{slug}-relocalisation-{year}"
    plan_name = f"plan de relocalisation {name}"
    w.iri(plan, RDF_TYPE, P["rg"] + "StrategicPlan", g)
    w.labels(plan, plan_name, f"{name} relocation plan {year}", g)
    w.add(plan, P["skos"] + "altLabel", lit(f"grand plan de relocalisation {year}", "fr"), g)
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


def _region_sites(slug: str, rng: random.Random, w: Writer, g: str) -> list[tuple[str, str, str]]:
    """Write 3 to 8 companies with one production site each; return (company, site, sector)."""
    sites = []
    for k in range(rng.randint(3, 8)):
        cname = f"{rng.choice(COMPANY)} {rng.choice(FAMILY)} {k + 1}"
        company = P["organisation"] + f"{slug}-{_slug(cname)}"
        site = P["site"] + f"{slug}-{_slug(cname)}"
        sector = rng.choice(SECTORS)[0]
        w.iri(company, RDF_TYPE, P["rg"] + "Company", g)
        w.labels(company, cname, cname, g)
        w.iri(site, RDF_TYPE, P["rg"] + "IndustrialSite", g)
        w.labels(site, f"site de production ({cname})", f"production site ({cname})", g)
        sites.append((company, site, sector))
    return sites

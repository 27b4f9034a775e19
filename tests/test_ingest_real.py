"""Extraction on real French wordings: one test per failure class of issue 13.

Wordings come from the dev set of the real corpus (``data/corpus/``, the file is named in
each test) or from the seeds; where no real wording was at hand the sentence is invented
from the issue's description, and the test says so. The blind set is never used here.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from relocgraph.ingest.extract import extract, load_nlp
from relocgraph.ingest.gazetteer import Gazetteer
from relocgraph.ingest.parse import PIECE_CHARS, parse, pieces
from relocgraph.ingest.spans import paragraphs, sentences
from relocgraph.ingest.text import MAX_BYTES, read_document
from relocgraph.model.errors import InputError

pytestmark = pytest.mark.slow  # loads spaCy's French pipeline (seconds)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "data" / "corpus"


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def registry():
    return Gazetteer.from_registry(ROOT / "data" / "entities.ttl")


def figures(text, nlp, **kw):
    return [i for i in extract(text, nlp=nlp, **kw) if i.type == "figure"]


def figure(text, nlp, printed, **kw):
    found = [f for f in figures(text, nlp, **kw) if f.text == printed]
    assert found, f"no figure {printed!r} in {[f.text for f in figures(text, nlp, **kw)]}"
    return found[0]


# -- figures ------------------------------------------------------------------------


def test_dot_thousands(nlp):
    # page-france-banquedesterritoires-relocalisations-2022-02
    f = figure("50.000 emplois sont créés et confortés grâce à ces projets.", nlp, "50.000")
    assert (f.value, f.unit) == (Decimal(50000), "jobs")


@pytest.mark.parametrize(
    ("text", "printed", "value", "unit"),
    [
        # art-aura-ecomnews-2022-11
        (
            "5 projets ont été identifiés pour la création d’une centaine d’emplois ;",
            "une centaine",
            100,
            "jobs",
        ),
        # page-france-banquedesterritoires-relocalisations-2022-02
        ("Plus de quarante emplois devraient être créés.", "quarante", 40, "jobs"),
        ("les investissements stratégiques dans cinq secteurs critiques", "cinq", 5, "secteurs"),
        # art-centre-val-de-loire-magcentre-2021-04
        (
            "Près d’une trentaine d’entreprises ont des projets concrets de relocalisation.",
            "une trentaine",
            30,
            "companies",
        ),
        # invented: the issue's « quatre axes »
        ("Le plan repose sur quatre axes de travail.", "quatre", 4, "axes"),
    ],
)
def test_numbers_in_words(nlp, text, printed, value, unit):
    f = figure(text, nlp, printed)
    assert (f.value, f.unit) == (Decimal(value), unit)


def test_adjective_between_number_and_noun(nlp):
    # page-france-banquedesterritoires-relocalisations-2022-02
    f = figure("72 nouveaux projets lauréats ont été annoncés le 17 février 2022 par Bercy.", nlp, "72")
    assert (f.value, f.unit, f.attrs["indicator"]) == (Decimal(72), "projects", "nouveaux projets lauréats")
    # invented: the issue's « 7 700 nouveaux emplois »
    assert figure("Le site annonce 7 700 nouveaux emplois.", nlp, "7 700").unit == "jobs"


def test_numbers_with_no_noun_take_the_unit_of_the_count_they_continue(nlp):
    # page-france-banquedesterritoires-relocalisations-2022-02
    f = figure(
        "l'appel à projets a permis de soutenir 477 projets lauréats dont 311 sont portés par des PME.",
        nlp,
        "311",
    )
    assert (f.value, f.unit) == (Decimal(311), "projects")
    # art-occitanie-lesindiscretions-2025-03-17
    text = (
        "« Avec 12 ouvertures nettes d’industries (23 ouvertures ou extensions significatives, 11 fermetures) "
        "en 2024, l’Occitanie figure parmi les régions dynamiques », indique le directeur.\n"
        "On y apprend que l’Auvergne-Rhône-Alpes (+ 32) et la Nouvelle-Aquitaine (+ 24) devancent l’Occitanie. "
        "Les Régions Grand Est (- 3) et Hauts-de-France (- 2) observent des fermetures."
    )
    signed = {f.text: (f.value, f.unit) for f in figures(text, nlp)}
    assert signed["+ 32"] == (Decimal(32), "sites") and signed["- 3"] == (Decimal(-3), "sites")
    # invented: the issue's « objectif de 50 000 chaque année »
    f = figure("La Région vise 12 000 emplois, avec un objectif de 50 000 chaque année.", nlp, "50 000")
    assert f.unit == "jobs"


def test_scale_words_without_euros(nlp):
    # invented: the issue's « 121 millions de subvention »
    f = figure("L'usine recevra 121 millions de subvention de l'État.", nlp, "121 millions")
    assert (f.value, f.unit) == (Decimal(121_000_000), "EUR")


def test_odd_spacing(nlp):
    # invented: the issue's « Région,200 projets » and « 2,1  milliards » (two spaces)
    assert figure("Soutenus par la Région,200 projets sont lancés.", nlp, "200").unit == "projects"
    f = figure("Un budget de 2,1  milliards d'euros est voté.", nlp, "2,1  milliards d'euros")
    assert f.value == Decimal(2_100_000_000)


def test_signed_and_factor_figures(nlp):
    # art-occitanie-lesindiscretions-2025-03-17 (the count they continue comes first)
    text = (
        "Les fermetures (11 fermetures) touchent la plasturgie (-2), la mécanique (-2) et le transport (-12)."
    )
    values = [(f.text, f.value) for f in figures(text, nlp) if f.value < 0]
    assert values == [("-2", Decimal(-2)), ("-2", Decimal(-2)), ("-12", Decimal(-12))]
    # invented: the issue's « x 8 »
    f = figure("Les investissements ont été multipliés x 8 depuis 2017.", nlp, "8")
    assert f.unit == "times"


def test_junk_units_are_not_figures(nlp):
    # invented: the issue's « 530 actuels »
    assert not [f for f in figures("Les 530 actuels sont maintenus.", nlp) if f.text == "530"]


def test_indicator_stays_in_its_paragraph(nlp):
    # page-aura-prefecture-barometre-2025-03 (the paragraph cut invented)
    text = "A l’échelle nationale, on observe 89 ouvertures nettes\n\nLa décélération amorcée ne remet rien en question."
    assert "décélération" not in figure(text, nlp, "89").attrs["indicator"]


def test_coordinated_numbers_share_the_unit(nlp):
    # page-aura-prefecture-barometre-2025-03
    text = (
        "une réindustrialisation forte en 2022 et en 2023 avec respectivement 176 et 1891 ouvertures nettes."
    )
    got = {f.text: f.unit for f in figures(text, nlp)}
    assert got == {"176": "sites", "1891": "sites"}


# -- context of figures ---------------------------------------------------------------


def test_period_of_a_comparison_belongs_to_its_own_figure(nlp):
    # invented: the issue's « 114 ouvertures (contre 170 en 2023) »
    got = {
        f.text: f.attrs.get("period") for f in figures("On compte 114 ouvertures (contre 170 en 2023).", nlp)
    }
    assert got == {"114": None, "170": "en 2023"}  # « contre 170 »: the count 114 continues


def test_vague_period_is_not_a_date(nlp):
    # invented: the issue's « à terme » read as « d'ici 2023 »
    text = "Le site emploiera à terme 3 000 salariés, et 800 personnes d'ici 2023."
    got = {f.text: f.attrs.get("period") for f in figures(text, nlp)}
    assert got["3 000"] == "à terme" and got["800"] == "d'ici 2023"


def test_area_of_each_figure(nlp):
    # art-aura-ecomnews-2022-11
    text = (
        "la Région a déjà accompagné 190 projets de relocalisation, permettant la création de 5 306 emplois "
        "en Auvergne-Rhône-Alpes dans tous les départements :\n"
        "- – Dans l’Ain, 25 projets ont été identifiés pour la création de 564 emplois ;\n"
        "- – En Isère, 26 projets, pour près de 670 emplois ;"
    )
    got = {f.text: (f.attrs.get("area"), f.attrs.get("area_level")) for f in figures(text, nlp)}
    assert got["190"] == (None, None)
    assert got["5 306"] == ("en Auvergne-Rhône-Alpes", "region")
    assert got["25"] == got["564"] == ("Dans l’Ain", "department")
    assert got["670"] == ("En Isère", "department")


def test_credit_of_figures(nlp):
    # page-france-banquedesterritoires-relocalisations-2022-02
    f = figure(
        "Ils représentent plus de 538 millions d'euros d'investissements industriels, soutenus à hauteur de "
        "122 millions d'euros par l'Etat.",
        nlp,
        "122 millions d'euros",
    )
    assert f.attrs["credited_to"] in ("État", "Etat", "l'Etat")
    # page-france-idcite-barometre-2024-s1
    f = figure(
        "Selon les résultats du baromètre pour le premier semestre de 2024, 36 nouvelles ouvertures et "
        "extensions de sites industriels ont été relevées.",
        nlp,
        "36",
    )
    assert f.attrs["credited_to"] == "baromètre" and f.attrs["period"] == "pour le premier semestre de 2024"
    # art-aura-ecomnews-2022-11
    f = figure(
        "la Région adoptait son Plan de relocalisation stratégique. Doté d’1,2 milliard d’euros, celui-ci avait "
        "posé un objectif ambitieux.",
        nlp,
        "1,2 milliard d’euros",
    )
    assert f.attrs["credited_to"] == "Plan de relocalisation stratégique"


# -- organisations, companies, persons, posts ---------------------------------------


def test_bare_agency_names_are_organisations_never_persons(nlp):
    # invented: the issue's « l'Insee », « Bpifrance », « la CCI »
    items = extract("Selon l'Insee, Bpifrance et la CCI soutiennent les PME de la région.", nlp=nlp)
    orgs = {i.attrs["name"] for i in items if i.type == "organisation"}
    assert {"Insee", "Bpifrance", "CCI"} <= orgs
    assert not [i for i in items if i.type == "person"]


def test_agency_with_its_place_and_acronym_alias(nlp):
    # art-occitanie-lesindiscretions-2025-03-17 and page-aura-prefecture-barometre-2025-03
    items = extract(
        "Julien Tognola, Dreets Occitanie\n\nCoordonné par la Direction générale des Entreprises (DGE) au ministère.",
        nlp=nlp,
    )
    orgs = {i.attrs["name"]: i.attrs.get("mentions") for i in items if i.type == "organisation"}
    assert orgs == {"Dreets Occitanie": 1, "Direction générale des Entreprises": 2}
    assert [i.text for i in items if i.type == "person"] == ["Julien Tognola"]


def test_registry_names_teach_the_extractor(nlp, registry):
    # data/sources/cp-2024-11-22.txt names Symbio; the sentence is invented
    text = "Symbio ouvre une nouvelle ligne à Saint-Fons."
    assert not [i for i in extract(text, nlp=nlp) if i.type == "company"]
    companies = [i for i in extract(text, nlp=nlp, gazetteer=registry) if i.type == "company"]
    assert [(c.text, c.attrs.get("iri")) for c in companies] == [
        ("Symbio", "https://w3id.org/relocgraph/id/organisation/symbio")
    ]


def test_company_after_a_site_cue(nlp):
    # page-hauts-de-france-elysee-dunkerque-2023-05-12
    items = extract("Le Président de la République a visité l’usine Aluminium Dunkerque.", nlp=nlp)
    assert [(i.type, i.text) for i in items if i.type in ("company", "person", "organisation")] == [
        ("company", "Aluminium Dunkerque")
    ]


def test_post_stops_at_the_end_of_the_title(nlp):
    # invented: the issue's « président de Michelin et Laurent Wauquiez »
    items = extract(
        "Florent Menegaux, président de Michelin et Laurent Wauquiez ont visité le site.", nlp=nlp
    )
    assert [i.text for i in items if i.type == "post"] == ["président de Michelin"]
    assert [i.text for i in items if i.type == "company"] == ["Michelin"]
    # art-aura-ecomnews-2022-11: « , et de l’Agence » starts another member
    text = (
        "emmené par Stéphanie PERNOD, 1ère Vice-présidente de la Région déléguée à l’Economie et au Numérique, "
        "et de l’Agence Auvergne-Rhône-Alpes Entreprises."
    )
    posts = [i.text for i in extract(text, nlp=nlp) if i.type == "post"]
    assert posts == ["1ère Vice-présidente de la Région déléguée à l’Economie et au Numérique"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # page-nouvelle-aquitaine-prefecture-fonds-acceleration-2021-07-21 (space after the hyphen as printed)
        (
            "Pour permettre ce rebond, la ministre déléguée chargée de l’Industrie, Agnès Pannier- Runacher, a annoncé "
            "le lancement d’un fonds.",
            "Agnès Pannier- Runacher",
        ),
        # invented: the issue's « le ministre de l'Industrie Roland Lescure »
        ("Le site a été inauguré par le ministre de l'Industrie Roland Lescure.", "Roland Lescure"),
        # invented: the issue's « Laurent Wauquiez avait évoqué… » (no post)
        ("En 2016, Laurent Wauquiez avait évoqué la reconquête industrielle.", "Laurent Wauquiez"),
        # page-hauts-de-france-elysee-dunkerque-2023-05-12 (a signature line)
        ("Notre stratégie est simple.\n— Emmanuel Macron (@EmmanuelMacron) May 12, 2023", "Emmanuel Macron"),
    ],
)
def test_persons_without_a_post_after_the_name(nlp, text, name):
    assert [i.text for i in extract(text, nlp=nlp) if i.type == "person"] == [name]


# -- quotes ---------------------------------------------------------------------------


def test_quote_with_speaker_after_it(nlp):
    # art-centre-val-de-loire-magcentre-2021-04
    text = (
        "« Nous vivons un moment important pour notre industrie. Il faut faire des paris industriels », "
        "a déclaré François Bonneau, président de la région."
    )
    (q,) = [i for i in extract(text, nlp=nlp) if i.type == "quote"]
    assert (q.speaker, q.attrs["attribution"], q.attrs["speaker_title"]) == (
        "François Bonneau",
        "after",
        "président de la région",
    )


def test_quote_attributed_to_a_role_resolved_in_the_document(nlp):
    # art-occitanie-lesindiscretions-2025-03-17 (text shortened)
    path = CORPUS / "art-occitanie-lesindiscretions-2025-03-17.txt"
    items = extract(read_document(path), nlp=nlp)
    quotes = [i for i in items if i.type == "quote"]
    assert len(quotes) == 1  # the barometer's phrases cited in the text are not quotes of a person
    (q,) = quotes
    assert (q.speaker, q.attrs["attribution"]) == ("Julien Tognola", "role")
    assert 0 < q.attrs["attribution_confidence"] < 0.9


def test_quote_with_a_pronoun_incise(nlp):
    # invented: the issue's « a-t-il déclaré » with the speaker named before
    text = (
        "Marc Lefèvre, directeur de l'usine, a présenté le projet.\n\n"
        "« Nous allons embaucher cent personnes dans les deux prochaines années », a-t-il déclaré."
    )
    (q,) = [i for i in extract(text, nlp=nlp) if i.type == "quote"]
    assert (q.speaker, q.attrs["attribution"]) == ("Marc Lefèvre", "pronoun")


def test_quote_after_selon(nlp):
    # invented: « selon X, « … » »
    text = "Selon Marc Lefèvre, « ce site redonne du travail à toute la vallée et à ses sous-traitants »."
    (q,) = [i for i in extract(text, nlp=nlp) if i.type == "quote"]
    assert q.speaker == "Marc Lefèvre"


# -- linear time, size guard, bad input -------------------------------------------------


def test_long_paragraphs_are_parsed_in_pieces_with_offsets_kept():
    import spacy

    blank = spacy.blank("fr")
    text = ("Une phrase de test assez courte. " * 3000).strip() + "\n\nFin."
    paras = paragraphs(text)
    sents = sentences(text, paras)
    cut = pieces(text, paras, sents)
    assert len(cut) > 2 and all(e - s <= PIECE_CHARS for s, e in cut)
    doc = parse(blank, text, paras, sents)
    assert doc.text == text and doc[-2].idx == text.rindex("Fin")


def test_text_beyond_spacy_max_length_is_extracted():
    # spaCy refuses one Doc above 1,000,000 characters (E088; the 20 MB text of the issue
    # crashed after 12 minutes): paragraphs are parsed apart. A blank French pipeline
    # (tokenizer only) keeps the test fast; benchmarks/ingest_bench.py times the real one.
    import spacy

    text = "\n\n".join(["La Région soutient 12 projets."] * 36_000)
    assert len(text) > 1_000_000
    items = extract(text, nlp=spacy.blank("fr"))
    assert sum(i.type == "figure" for i in items) == 36_000


def test_refused_inputs(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"Un texte. " * (MAX_BYTES // 10 + 1))
    with pytest.raises(InputError, match="too large") as e:
        read_document(big)
    assert "big.txt" in str(e.value)
    nul = tmp_path / "nul.txt"
    nul.write_bytes(b"Lyon\nTexte" + b"\x00" * 50)
    with pytest.raises(InputError, match="NUL") as e:
        read_document(nul)
    assert "nul.txt:2" in str(e.value)
    with pytest.raises(InputError, match="URLs are not fetched"):
        read_document(Path("https://www.example.org/communique.html"))
    with pytest.raises(InputError, match="too large"):
        extract("x" * (MAX_BYTES + 1), nlp=None)

import csv
import io
import json

import click
import pytest
from click.testing import CliRunner

from relocgraph.cli import main


def all_commands():
    ctx = click.Context(main)
    return {name: main.get_command(ctx, name) for name in main.list_commands(ctx)}


@pytest.mark.parametrize("name", sorted(all_commands()))
def test_every_command_is_documented_with_an_example(name):
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output, f"`relocgraph {name} --help` has no Example:"
    assert f"relocgraph {name}" in result.output


def test_query_outputs_for_people_and_programs(built_dir):
    data = str(built_dir / "relocgraph.trig")
    runner = CliRunner()
    table = runner.invoke(main, ["query", "quotes", "--data", data])
    assert table.exit_code == 0, table.output
    assert "Laurent Wauquiez" in table.output and "(4 rows)" in table.output
    assert "person:laurent-wauquiez" in table.output  # IRIs shown as CURIEs for people

    as_csv = runner.invoke(main, ["query", "figures", "--data", data, "--format", "csv"])
    records = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert len(records) == 16
    assert {r["value"] for r in records} >= {"818", "165000000", "3164000000", "14000"}

    as_json = runner.invoke(main, ["query", "figures", "--data", data, "--format", "json"])
    parsed = json.loads(as_json.output)
    assert {r["value"] for r in parsed} >= {818, 165000000, 3164000000, 14000}
    assert all(isinstance(r["value"], int) for r in parsed)

    md = runner.invoke(main, ["query", "documents", "--data", data, "--format", "markdown"])
    assert md.output.splitlines()[1].startswith("|---")


def test_query_writes_a_file_atomically(built_dir, tmp_path):
    out = tmp_path / "figures.tsv"
    result = CliRunner().invoke(
        main, ["query", "figures", "--data", str(built_dir / "relocgraph.trig"), "-f", "tsv", "-o", str(out)]
    )
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").count("\n") == 17


def test_queries_lists_every_named_query():
    from relocgraph.store.catalogue import list_queries

    result = CliRunner().invoke(main, ["queries", "--format", "csv"])
    names = {r["name"] for r in csv.DictReader(io.StringIO(result.output))}
    assert names == {q.name for q in list_queries()}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "nope"], "no named query 'nope'"),
        (["query"], "give a query NAME or --file FILE"),
        (["query", "figures", "--param", "oops"], "expected NAME=VALUE"),
        (
            ["query", "figures", "--data", "missing.trig"],
            "missing.trig does not exist; run `relocgraph build` first",
        ),
    ],
)
def test_bad_usage_exits_2_with_a_message(args, message, built_dir):
    if "--data" not in args:
        args = [*args, "--data", str(built_dir / "relocgraph.trig")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_summary_answers_the_headline_questions(built_dir):
    result = CliRunner().invoke(main, ["summary", "--data", str(built_dir / "relocgraph.trig")])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Stéphanie Pernod, « 1re Vice-Présidente déléguée à l'économie" in out
    assert "165 000 000 €" in out.replace("\u202f", " ")
    assert "Baromètre industriel de l'État" in out


def test_summary_does_not_count_an_interpretation_as_agreement(built_dir):
    result = CliRunner().invoke(main, ["summary", "--data", str(built_dir / "relocgraph.trig")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    start = lines.index("   rang pour la réindustrialisation (France): values agree")
    group = lines[start + 1 : start + 6]
    # five rank rows: four ranks the releases state, and « premier acteur », the curator's reading
    assert sum("(interpretation: not compared)" in line for line in group) == 1
    assert all(line.startswith("     2024-11-") for line in group)
    assert "2024-11-22" in next(line for line in group if "interpretation" in line)


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
def test_query_file_warns_about_a_term_no_vocabulary_holds_and_still_runs(built_dir, tmp_path, backend):
    question = tmp_path / "question.rq"
    question.write_text(
        "SELECT ?figure ?value WHERE {\n"
        "  ?figure a rg:ReportedFigure ; rg:creditedto ?credit ; rg:value ?value .\n"
        "  ?credit rdfs:label|skos:prefLabel ?label ; owl:sameAs* ?same ; ^org:hasSite/a rg:Compagny .\n"
        "}\n",
        encoding="utf-8",
    )
    data = str(built_dir / "relocgraph.trig")
    result = CliRunner().invoke(main, ["query", "--file", str(question), "--data", data, "-b", backend])
    assert result.exit_code == 0, result.output
    assert "(0 rows)" in result.stdout  # the query ran
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: {question}: {term} is in no vocabulary of the project (nothing in the ontology, "
        "the registry or the data uses it); the query may match nothing"
        for term in ("rg:Compagny", "rg:creditedto")
    ]


def test_query_file_with_known_terms_runs_without_warning(built_dir, tmp_path):
    question = tmp_path / "question.rq"
    question.write_text(
        "SELECT ?label WHERE { ?s a org:Post ; rdfs:label ?label ; ^org:holds/a foaf:Person . "
        "FILTER(lang(?label) = 'fr') }",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main, ["query", "--file", str(question), "--data", str(built_dir / "relocgraph.trig")]
    )
    assert result.exit_code == 0, result.output
    assert "(3 rows)" in result.stdout and "warning" not in result.stderr

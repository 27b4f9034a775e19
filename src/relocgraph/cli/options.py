"""Options and helpers shared by the commands: error handling, output formats, --root/--out/--data."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from relocgraph.model.errors import RelocgraphError
from relocgraph.model.formats import REPORT_FORMATS, TABLE_FORMATS

F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(func: F) -> F:
    """Turn relocgraph's own errors into a message on stderr and a meaningful exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except RelocgraphError as e:
            click.secho(f"error: {e}", fg="red", err=True)
            sys.exit(e.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


def stack(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    """One decorator doing what ``decorators`` do when stacked in this order above a function
    (so the options of a group are listed by --help in this order)."""

    def decorate(func: F) -> F:
        for decorator in reversed(decorators):
            func = decorator(func)
        return func

    return decorate


def shown(*decls: str, **attrs: Any) -> Callable[[F], F]:
    """``click.option`` whose default --help shows."""
    return click.option(*decls, show_default=True, **attrs)


def choice_option(*decls: str, choices: Sequence[str], help: str) -> Callable[[F], F]:
    """An option taking one of ``choices``: the first by default, as --help shows."""
    return shown(*decls, type=click.Choice(choices), default=choices[0], help=help)


def lang_option(help_text: str) -> Callable[[F], F]:
    """``--lang fr|en``: the language of labels, French by default."""
    return choice_option("--lang", choices=["fr", "en"], help=help_text)


quiet_option = click.option("--quiet", "-q", is_flag=True, help="Print nothing on success.")


def format_options(
    formats: tuple[str, ...], default: str, format_help: str, output_help: str
) -> Callable[[F], F]:
    """A decorator adding ``--format``/``--output`` with the given format choices."""
    return stack(
        shown("--format", "-f", "fmt", type=click.Choice(formats), default=default, help=format_help),
        click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help=output_help),
    )


output_options = format_options(
    TABLE_FORMATS,
    "table",
    "Output format: a table for people, CSV/TSV/JSON for programs.",
    "Write to this file (atomically) instead of standard output.",
)


def data_option(help_text: str, *, default: str = "build/relocgraph.trig") -> Callable[[F], F]:
    """``--data PATH``: the built dataset a command reads."""
    return shown(
        "--data",
        "data_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=Path(default),
        help=help_text,
    )


root_option = shown(
    "--root",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=Path("."),
    help="Project folder holding ontology/ and data/.",
)


def out_option(func: F) -> F:
    return click.option(
        "--out",
        "out_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Folder for build outputs.  [default: ROOT/build]",
    )(func)


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"expected NAME=VALUE, got {pair!r}", param_hint="--param")
        params[name.strip().lstrip("?")] = value
    return params


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text)
    else:
        from relocgraph.pipeline.outputs import write_text_atomic

        write_text_atomic(output, text + "\n")
        click.echo(f"wrote {output}", err=True)


report_options = format_options(
    REPORT_FORMATS,
    "terminal",
    "Report format: text for people, Markdown, JSON or TSV.",
    "Write the report to this file (atomically) instead of standard output.",
)


def _emit_report(report: Any, fmt: str, output: Path | None) -> None:
    """Print or write a report; exit 1 when it holds errors."""
    text = report.render(fmt)
    if output is not None:
        from relocgraph.pipeline.outputs import write_text_atomic

        write_text_atomic(output, text)
        click.echo(f"{report.summary()}; wrote {output}", err=True)
    else:
        click.echo(text, nl=False)
    if not report.ok:
        sys.exit(1)


def _progress(length: int, label: str) -> Any:
    """A progress bar on standard error (click hides it when stderr is not a terminal)."""
    return click.progressbar(length=length, label=label, file=sys.stderr, show_pos=True)


@contextmanager
def _loading_bar(data_path: Path) -> Iterator[Callable[[int], None]]:
    """A progress bar over the bytes of a file loaded because no store was built from it
    (the 1M-triple synthetic corpus: 12 s)."""
    with _progress(data_path.stat().st_size, f"loading {data_path.name} (no store built from it)") as bar:
        yield bar.update

"""The ``relocgraph`` command group."""

from __future__ import annotations

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="relocgraph")
def main() -> None:
    """relocgraph: press releases → a knowledge graph where every fact quotes its source.

    \b
    Example:
        relocgraph build
        relocgraph query figures
        relocgraph viz
    """

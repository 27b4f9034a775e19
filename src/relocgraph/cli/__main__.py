"""``python -m relocgraph.cli`` runs the command line."""

from relocgraph.cli import main

main()

"""Checks of what the pipeline made: SHACL validation, lint checks as SPARQL, ontology docs."""

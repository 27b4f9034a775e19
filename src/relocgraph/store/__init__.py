"""Reading the built graph: one store interface (Oxigraph, rdflib, remote SPARQL),
named queries, and the sandbox for untrusted queries."""

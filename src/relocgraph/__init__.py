"""relocgraph."""

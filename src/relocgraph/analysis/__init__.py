"""What is computed from the store: networkx projection, charts, exports, summary, synthetic corpora."""

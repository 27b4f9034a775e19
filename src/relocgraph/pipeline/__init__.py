"""Sources → evidence → build → derive → reason → atomic outputs: the one way the graph is made."""

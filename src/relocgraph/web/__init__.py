"""What is shown in a browser: the read-only endpoint, its pages, the graph page and their static assets."""

"""The graph page, by job: ``story`` (the overview and its bands), ``layout`` (positions),
``search`` (names, focus), ``compare``
(disagreements between documents), ``text`` and ``style`` (words and looks), ``data``
(the pyvis network and its panels) and ``page`` (the offline HTML). The public surface
is re-exported by :mod:`relocgraph.web.viz`."""

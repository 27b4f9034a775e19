"""The self-contained, offline HTML page: renderer, styles, script and data all inline.

Why not pyvis's own template: it loads Bootstrap (and, by default, vis-network) from
CDNs, renders ``heading`` and select-menu ids unescaped, and switches tooltips to an
``innerHTML`` popup as soon as any title contains ``href``. Our page inlines the
vis-network build that ships inside the pyvis package, embeds the data as JSON with
``<``, ``>`` and ``&`` escaped, and builds every panel with DOM text nodes, so text
from a press release is always shown as text.
"""

from __future__ import annotations

import html
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from relocgraph.web.graph.data import GraphView
from relocgraph.web.graph.style import LARGE_GRAPH
from relocgraph.web.graph.text import UI_TEXT


def _script_json(value: Any) -> str:
    """JSON safe to place inside a ``<script>`` element: no ``<``, ``>`` or ``&`` left.

    >>> _script_json({"q": "</script><img src=x onerror=alert(1)>"})
    '{"q": "\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _asset(name: str) -> str:
    return resources.files("relocgraph.web").joinpath(name).read_text("utf-8")


def vis_network_js() -> str:
    """The vis-network build bundled inside the installed pyvis package (no CDN).

    Kept byte for byte with its licence banner; the URLs in it are comments, strings
    and the SVG namespace, never fetched.
    """
    import pyvis

    path = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js"
    code = path.read_text("utf-8")
    return code.replace("</script", "<\\/script")


def page_data(net: GraphView) -> dict[str, Any]:
    """Everything the page script reads, as one JSON-able dict."""
    return {
        "title": net.page_title,
        "lang": net.lang,
        "text": UI_TEXT[net.lang],
        "nodes": net.nodes,
        "edges": net.edges,
        "options": net.options,
        "details": net.details,
        "edgeDetails": net.edge_details,
        "documents": net.documents,
        "disagreements": net.disagreements,
        "kinds": net.kinds,
        "renderer": renderer(net),
        "focus": net.focus,
    }


def renderer(net: GraphView) -> str:
    """``"vis"`` (vis-network) up to :data:`LARGE_GRAPH` nodes, ``"lite"`` beyond."""
    return "lite" if len(net.nodes) > LARGE_GRAPH else "vis"


def to_html(net: GraphView) -> str:
    """The self-contained page: renderer, styles, script and data all inline.

    vis-network is inlined only for graphs it draws (see :func:`renderer`).
    """
    if not isinstance(net, GraphView):
        raise TypeError("to_html needs a network made by relocgraph.web.viz.to_pyvis")
    parts = {
        "LANG": html.escape(net.lang),
        "TITLE": html.escape(net.page_title),
        "CSS": _asset("static/graph.css"),
        "VIS": vis_network_js() if renderer(net) == "vis" else "",
        "LITE": _asset("static/lite.js").replace("</script", "<\\/script"),
        "DATA": _script_json(page_data(net)),
        "APP": _asset("static/graph.js").replace("</script", "<\\/script"),
    }
    template = _asset("templates/graph.html")
    return re.sub(r"@@([A-Z]+)@@", lambda m: parts[m.group(1)], template)


def notebook_view(net: GraphView, *, height: int = 650) -> Any:
    """The page in an ``<iframe srcdoc>``, for Jupyter (``display(notebook_view(net))``).

    The whole page is one attribute value, HTML-escaped, so it runs isolated from the
    notebook and needs no file or server.
    """
    import warnings

    from IPython.display import HTML

    with warnings.catch_warnings():  # IPython suggests IFrame, which needs a URL
        warnings.simplefilter("ignore", UserWarning)
        return HTML(
            f'<iframe srcdoc="{html.escape(to_html(net), quote=True)}" '
            f'style="width:100%;height:{int(height)}px;border:0"></iframe>'
        )


def write_html(net: GraphView, path: Path | str = Path("build/graph.html")) -> Path:
    """Write :func:`to_html` of ``net`` to ``path`` atomically; return the path."""
    from relocgraph.pipeline.outputs import write_text_atomic

    return write_text_atomic(Path(path), to_html(net))

"""Read a press release into plain text: UTF-8 text files as they are, HTML as paragraphs.

Offsets of extracted items point into the text this module returns, which ingest copies
to ``data/sources/<slug>.txt``; for a ``.txt`` file that is the file's own text (NFC).

>>> html_to_text("<p>Lyon, le 7 novembre 2024</p><h1>Titre</h1><ul><li>818 projets</li></ul>")
'Lyon, le 7 novembre 2024\\n\\nTitre\\n\\n- 818 projets\\n'
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from relocgraph.model.errors import InputError, Location
from relocgraph.pipeline.sources import decode_utf8

TEXT_SUFFIXES = {".txt", ".text", ".md"}
#: The largest text ``relocgraph ingest`` reads (bytes): a press release or an article is
#: a few kilobytes; above this the file is refused with a clear error, not parsed for minutes.
MAX_BYTES = 5_000_000
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}

_BLOCKS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "section",
    "article",
    "main",
    "ul",
    "ol",
    "table",
    "tr",
    "figure",
    "figcaption",
    "address",
}
_SKIPPED = {"script", "style", "head", "nav", "header", "footer", "noscript", "template", "svg"}


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skip += 1
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """The visible text of an HTML page: one paragraph per block, list items as ``- …``."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    raw = "".join(parser.parts)
    lines = [line.strip() for line in raw.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    # list items follow each other without blank lines
    text = re.sub(r"(?m)^(- .*)\n\n(?=- )", r"\1\n", text)
    return text.strip("\n") + "\n"


def read_document(path: Path) -> str:
    """Read ``path`` as text (UTF-8, NFC); HTML files are turned into paragraphs.

    Raises :class:`~relocgraph.model.errors.InputError` for missing, binary, PDF or non-UTF-8
    files, files holding NUL bytes, files larger than :data:`MAX_BYTES`, and URLs (never
    fetched).
    """
    if re.match(r"(?i)^[a-z][a-z0-9+.-]*:/", str(path)):
        raise InputError(
            "URLs are not fetched",
            Location(path),
            hint="download the page yourself (e.g. curl -o page.html URL), check it, then run "
            "relocgraph ingest page.html",
        )
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes()
    except FileNotFoundError as e:
        raise InputError(
            "file not found", Location(path), hint="give the path of a .txt or .html press release"
        ) from e
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        raise InputError(
            "PDF files are not read directly",
            Location(path),
            hint="convert it first, e.g. pdftotext -layout FILE.pdf FILE.txt, check the text, "
            "then run relocgraph ingest FILE.txt",
        )
    if len(data) > MAX_BYTES:
        raise InputError(
            f"file too large to ingest: {len(data):,} bytes (limit {MAX_BYTES:,})",
            Location(path),
            hint="ingest one press release or article at a time; split a longer file into documents",
        )
    if b"\x00" in data:
        raise InputError(
            "file holds NUL bytes: not a text file (binary, or UTF-16 without its byte-order mark)",
            Location(path, Location.at(path, data, data.index(b"\x00")).line),
            hint="save the text as UTF-8, e.g. iconv -f UTF-16 -t UTF-8 FILE > FILE.txt",
        )
    text = decode_utf8(data, path)
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and re.match(r"\s*<", text)):
        text = html_to_text(text)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise InputError("file has no text", Location(path))
    return text

"""Source documents: read their text strictly, and normalise it for quote matching.

Quotes are matched on a normalised form of the text, so that a curator can copy words
from a rendered page: runs of white space become one space, typographic apostrophes
become ``'``, no-break spaces become spaces, and Markdown emphasis markers (``*``) and
superscript markers (``^{re}`` → ``re``) are dropped. :func:`normalise` also returns,
for every normalised character, its offset in the original text, so evidence offsets
always point into the source file as it is.

>>> text, offsets = normalise("Le **818**  projets\\nsoutenus")
>>> text
'Le 818 projets soutenus'
>>> offsets[3], offsets[7]
(5, 12)
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from relocgraph.model.errors import InputError, Location

_APOSTROPHES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'"}
_SPACES = {"\u00a0", "\u202f", "\u2009", "\u2007"}


def normalise(text: str) -> tuple[str, list[int]]:
    """Normalise ``text`` for matching; return it with each character's original offset."""
    out: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(text)
    pending_space = -1
    while i < n:
        ch = text[i]
        if ch == "*":
            i += 1
            continue
        if ch == "^" and i + 1 < n and text[i + 1] == "{":
            close = text.find("}", i + 2)
            if close != -1:
                for j in range(i + 2, close):
                    if pending_space >= 0 and out:
                        out.append(" ")
                        offsets.append(pending_space)
                    pending_space = -1
                    out.append(text[j])
                    offsets.append(j)
                i = close + 1
                continue
        if ch.isspace() or ch in _SPACES:
            if pending_space < 0:
                pending_space = i
            i += 1
            continue
        if pending_space >= 0 and out:
            out.append(" ")
            offsets.append(pending_space)
        pending_space = -1
        out.append(_APOSTROPHES.get(ch, ch))
        offsets.append(i)
        i += 1
    return "".join(out), offsets


def normalise_quote(quote: str) -> str:
    """The normalised form of a curator's quote (see :func:`normalise`).

    >>> normalise_quote("  d’investissements\\n privés ")
    "d'investissements privés"
    """
    return normalise(quote)[0]


@dataclass
class SourceText:
    """A source document's text, as read from its file, with its normalised form."""

    path: Path
    text: str
    sha256: str
    normalised: str = field(repr=False)
    offsets: list[int] = field(repr=False)

    def line_of(self, offset: int) -> int:
        """Line number (from 1) of a character offset in :attr:`text`."""
        return self.text.count("\n", 0, offset) + 1


def decode_utf8(data: bytes, path: Path | str) -> str:
    """Decode UTF-8 (a leading BOM is dropped); bad bytes raise an error naming their line.

    >>> decode_utf8("café".encode(), "x.txt")
    'café'
    >>> decode_utf8(b"ok\\ncaf\\xe9", "x.txt")
    Traceback (most recent call last):
    ...
    relocgraph.model.errors.InputError: x.txt:2: file is not UTF-8 (byte 0xe9 at offset 6)
      hint: convert it, e.g. iconv -f WINDOWS-1252 -t UTF-8
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(
            f"file is not UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start})",
            Location(path, Location.at(path, data, e.start).line),
            hint="convert it, e.g. iconv -f WINDOWS-1252 -t UTF-8",
        ) from e


def read_source(path: Path) -> SourceText:
    """Read a source document: UTF-8, not empty, no NUL byte, NFC-normalised.

    A leading UTF-8 byte-order mark is dropped, so character offsets count from the first
    character of the text (the BOM is not a character of the document); ``sha256`` is still
    the digest of the file's bytes as stored.

    Raises :class:`~relocgraph.model.errors.InputError` naming the file (and, for bad
    bytes, the line) when the file cannot be used as evidence.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError as e:
        raise InputError(
            "source file not found",
            Location(path),
            hint="put the plain-text document under data/sources/ and name it in rg:sourceFile",
        ) from e
    except OSError as e:
        raise InputError(f"cannot read source file: {e.strerror}", Location(path)) from e
    text = decode_utf8(data, path)
    nul = text.find("\x00")
    if nul != -1:
        column = nul - text.rfind("\n", 0, nul)
        raise InputError(
            "source file contains a NUL byte, so it is not a plain-text document",
            Location(path, text.count("\n", 0, nul) + 1, column),
            hint="remove the NUL bytes (e.g. tr -d '\\000'), or convert the file to UTF-8 if it is UTF-16",
        )
    if not text.strip():
        raise InputError("source file is empty", Location(path), hint="the document has no text to quote")
    if not unicodedata.is_normalized("NFC", text):
        raise InputError(
            "source file is not in Unicode NFC form, so character offsets would be ambiguous",
            Location(path),
            hint='normalise it, e.g. python -c "import sys,unicodedata;'
            "sys.stdout.write(unicodedata.normalize('NFC',sys.stdin.read()))\"",
        )
    normalised, offsets = normalise(text)
    return SourceText(path, text, hashlib.sha256(data).hexdigest(), normalised, offsets)

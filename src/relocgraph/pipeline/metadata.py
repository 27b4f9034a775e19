"""A document's metadata record: what is known about a text apart from its words.

A source text ``data/sources/<id>.txt`` may have a record ``data/sources/<id>.meta.toml``
beside it (the same keys as ``data/corpus/*.meta.toml``)::

    id = "page-france-dge-relocaliser-2021-07-09"    # the file's name without .meta.toml
    title = "…"               # the title as printed; "" when the text prints none
    kind = "agency-page"      # one of KINDS
    publisher = "Direction générale des Entreprises (entreprises.gouv.fr)"
    issued = "2021-07-09"     # YYYY-MM-DD, YYYY-MM or YYYY: the precision known, never a guessed day
    date_as_printed = "09/07/2021"   # the words of the text that print the date; "" if none
    language = "fr"
    region = "France (national)"
    url = "https://entreprises.gouv.fr/en/node/302401"
    retrieved = "2026-12-02"  # when the text was copied from the URL
    notes = "…"

The record lets a text that prints no dateline be a dated document without a word of it
being changed. :func:`read_metadata` checks the record itself (TOML syntax, keys, types,
kind, dates, URL), every error naming the file and line; the build checks it against the
text and the statements file.
"""

from __future__ import annotations

import datetime as _dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from relocgraph.model.errors import InputError, Location
from relocgraph.pipeline.french_dates import FrenchDate, date_from_iso
from relocgraph.pipeline.sources import decode_utf8

META_SUFFIX = ".meta.toml"

#: Document kinds a record may name, with the FaBiO class the build types the document with.
KINDS: dict[str, str] = {
    "press-release": "PressRelease",
    "agency-page": "WebContent",
    "company-page": "WebContent",
    "article": "Article",
    "barometer-report": "ReportDocument",
    "report": "ReportDocument",
    "statistical-release": "ReportDocument",
    # Third-party reference data: what the claims of the other documents are checked against.
    "reference-report": "ReportDocument",
    "reference-article": "Article",
    "reference-company-page": "WebContent",
}

#: The kinds of third-party reference documents (see :mod:`relocgraph.pipeline.claims`).
REFERENCE_KINDS = frozenset(kind for kind in KINDS if kind.startswith("reference-"))

#: Display names of the kinds (French, English), for labels the build writes.
KIND_LABELS: dict[str, tuple[str, str]] = {
    "press-release": ("Communiqué de presse", "Press release"),
    "agency-page": ("Page d'un organisme public", "Public agency page"),
    "company-page": ("Page d'entreprise", "Company page"),
    "article": ("Article", "Article"),
    "barometer-report": ("Baromètre", "Barometer report"),
    "report": ("Rapport", "Report"),
    "statistical-release": ("Publication statistique", "Statistical release"),
    "reference-report": ("Rapport de référence (tiers)", "Reference report (third party)"),
    "reference-article": ("Article de référence (tiers)", "Reference article (third party)"),
    "reference-company-page": ("Présentation d'entreprise (référence)", "Company description (reference)"),
}

_TEXT_KEYS = (
    "id",
    "title",
    "kind",
    "publisher",
    "issued",
    "date_as_printed",
    "language",
    "region",
    "url",
    "retrieved",
    "notes",
)
#: Keys a record may hold; ``set`` (dev or blind) is used by the corpus's gold annotations.
KEYS = (*_TEXT_KEYS, "set")
REQUIRED = ("id", "kind", "issued")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_URL = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_TOML_WHERE = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass
class DocumentMetadata:
    """A checked metadata record, with its text kept to point errors at lines."""

    path: Path
    text: str = field(repr=False)
    id: str
    kind: str
    issued: FrenchDate
    title: str = ""
    publisher: str = ""
    date_as_printed: str = ""
    language: str = ""
    region: str = ""
    url: str = ""
    retrieved: _dt.date | None = None
    notes: str = ""

    def where(self, key: str) -> Location:
        """The file and line where ``key`` is set (the file alone when it is not)."""
        m = re.search(rf"(?m)^[ \t]*{re.escape(key)}[ \t]*=", self.text)
        return Location(self.path, self.text.count("\n", 0, m.start()) + 1 if m else None)


def metadata_path(source_path: Path) -> Path:
    """Where the metadata record of a source text lives: beside it, ``<id>.meta.toml``.

    >>> metadata_path(Path("data/sources/cp-2024-11-22.txt")).as_posix()
    'data/sources/cp-2024-11-22.meta.toml'
    """
    return source_path.with_name(source_path.stem + META_SUFFIX)


def read_metadata(path: Path, *, shown: Path | None = None) -> DocumentMetadata:
    """Read and check a metadata record; raise :class:`InputError` naming file and line.

    ``shown`` is the path to print in messages (relative to the project).
    """
    shown = shown or path
    text = decode_utf8(path.read_bytes(), shown)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = _TOML_WHERE.search(str(e))
        line, column = (int(m.group(1)), int(m.group(2))) if m else (None, None)
        reason = _TOML_WHERE.sub("", str(e)).strip()
        raise InputError(
            f"TOML syntax error in the metadata record: {reason}",
            Location(shown, line, column),
            hint='write one key = "value" per line, strings in double quotes',
        ) from e
    record = DocumentMetadata(shown, text, id="", kind="", issued=date_from_iso("1900"))
    _check_keys(data, record)
    values = {key: data.get(key, "") for key in _TEXT_KEYS}
    stem = path.name.removesuffix(META_SUFFIX)
    if values["id"] != stem:
        raise InputError(
            f"the record's id is {values['id']!r} but its file is named {stem}{META_SUFFIX}",
            record.where("id"),
            hint=f'write id = "{stem}" (a record is named after its document)',
        )
    kind = values["kind"]
    if kind not in KINDS:
        raise InputError(
            f"unknown document kind {kind!r}",
            record.where("kind"),
            hint="use one of: " + ", ".join(KINDS),
        )
    try:
        issued = date_from_iso(values["issued"])
    except ValueError as e:
        raise InputError(
            f"issued must be a date at the precision known: {e}",
            record.where("issued"),
            hint='write "2024-11-22", or "2024-11" or "2024" when the day (or month) is not known; '
            "never guess a day",
        ) from e
    retrieved = None
    if values["retrieved"]:
        try:
            retrieved = _dt.date.fromisoformat(values["retrieved"])
        except ValueError as e:
            raise InputError(
                f"retrieved must be a day, YYYY-MM-DD: {values['retrieved']!r}",
                record.where("retrieved"),
            ) from e
    if values["language"] and not _LANGUAGE.match(values["language"]):
        raise InputError(
            f"language must be a language tag such as fr or en: {values['language']!r}",
            record.where("language"),
        )
    if values["url"] and not _URL.match(values["url"]):
        raise InputError(
            f'url must be an http(s) address without spaces or <>"{{}}|\\^`: {values["url"]!r}',
            record.where("url"),
            hint="percent-encode the characters that cannot appear in an IRI",
        )
    record.id, record.kind, record.issued, record.retrieved = stem, kind, issued, retrieved
    for key in ("title", "publisher", "date_as_printed", "language", "region", "url", "notes"):
        setattr(record, key, values[key].strip())
    return record


def _check_keys(data: dict[str, object], record: DocumentMetadata) -> None:
    for key, value in data.items():
        if key not in KEYS:
            raise InputError(
                f"unknown key {key!r} in the metadata record",
                record.where(key),
                hint="keys are: " + ", ".join(KEYS),
            )
        if not isinstance(value, str):
            raise InputError(
                f"{key} must be a string in double quotes, got {type(value).__name__}",
                record.where(key),
                hint=f'write {key} = "…" (dates too: issued = "2024-11-22")',
            )
    for key in REQUIRED:
        if not data.get(key):
            raise InputError(
                f"the metadata record has no {key}",
                Location(record.path, 1),
                hint=f'add {key} = "…"',
            )

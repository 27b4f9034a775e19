"""Measure extraction quality: precision and recall per item type against gold annotations.

A gold file (``tests/ingest/gold/*.json``) names a document, the set it belongs to
(``seed`` for the project's own press releases, ``extra`` for test documents written for
this purpose) and its items, written by hand::

    {"document": "data/sources/cp-2024-11-22.txt", "set": "seed",
     "items": [{"type": "figure", "text": "165M€", "value": 165000000, "unit": "EUR"},
               {"type": "quote", "text": "La force de notre territoire",
                "speaker": "Fabrice PANNEKOUCKE"}, …]}

How items match (``fold`` ignores case, accents and a leading article):

* names — ``person``, ``organisation``, ``company``, ``plan``, ``sector``, ``publisher``,
  ``title`` — as sets of folded names per document; ``post`` as (person, title) pairs;
  ``dateline`` as (date, place);
* spans — ``figure``, ``date``, ``quote``, ``site`` — one by one: a gold item's ``text`` is
  located in the document (its n-th occurrence for the n-th gold item with that text, or
  ``"occurrence": n``; inside ``"context"`` when one is given), and an extracted item
  matches it when the spans overlap and, for figures, value and unit are equal; for
  quotes, the speaker is the same person.

Measures derived from the span matches (rows of their own):

* ``quote-span`` — quotations found at the right place, whoever the speaker;
* ``quote-speaker`` — of the quotations found, those given the right speaker (its recall
  is the share of gold quotations attributed right);
* ``figure-period``, ``figure-area``, ``figure-credit``, ``figure-indicator`` — for the
  gold figures that state a ``period``, ``area``, ``credit`` or ``indicator`` and were
  found: whether the extracted figure says the same (:func:`same_context`: folded words,
  prepositions and articles aside, one containing the other). Recall counts every gold
  figure that states one (a figure not found misses its context too); precision counts
  the matched figures the extractor gives one. Only gold files that annotate context (a
  figure with any of these keys) are measured.

Run ``relocgraph ingest-score`` (see ``relocgraph ingest-score --help``).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from relocgraph.model.errors import InputError, Location
from relocgraph.pipeline.evidence import find_all
from relocgraph.pipeline.sources import normalise

from .extract import extract
from .gazetteer import Gazetteer
from .items import TYPES, Item, fold
from .text import read_document

SET_TYPES = ("title", "publisher", "person", "organisation", "company", "plan", "sector")
SPAN_TYPES = ("figure", "date", "quote", "site")
#: Figure attributes compared with the gold (gold key, extracted attribute).
CONTEXT_KEYS = (("period", "period"), ("area", "area"), ("credit", "credited_to"), ("indicator", "indicator"))
DERIVED_TYPES = ("quote-span", "quote-speaker", *(f"figure-{k}" for k, _ in CONTEXT_KEYS))
#: Every item type the extractor produces is scored, then the derived measures.
REPORTED_TYPES = TYPES + DERIVED_TYPES
_LEAD = re.compile(
    r"^(?:(?:dans|en|a|au|aux|de|du|des|d|la|le|les|l|pour|sur|selon|par|grace|cadre|ce|cette|ces)\b\s*)+"
)


def _core(text: str) -> str:
    return _LEAD.sub("", fold(text).replace("'", " ")).strip()


def same_context(gold: str, found: str | None) -> bool:
    """Whether an extracted context (``found``) says the gold one: folded, leading
    prepositions and articles aside, one contains the other.

    >>> same_context("Dans l’Ain", "dans l'Ain"), same_context("baromètre", "du baromètre industriel")
    (True, True)
    >>> same_context("en 2023", "en 2022"), same_context("dispositif", None)
    (False, False)
    """
    if not found:
        return False
    g, f = _core(gold), _core(str(found))
    return bool(g and f) and (g in f or f in g)


@dataclass
class Counts:
    """True positives, false positives and false negatives of one item type."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        """Share of extracted items that are right (1.0 when nothing was extracted)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of gold items found (1.0 when there is nothing to find)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Gold:
    """One gold-annotated document."""

    path: Path
    document: Path
    set: str
    items: list[dict[str, Any]]


@dataclass
class Report:
    """Counts per set (``seed``, ``extra``) and type, and the misses, for reading."""

    counts: dict[str, dict[str, Counts]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for set_name in sorted(self.counts):
            for type_ in REPORTED_TYPES:
                c = self.counts[set_name].get(type_)
                if c is None or c.tp + c.fp + c.fn == 0:
                    continue
                out.append(
                    {
                        "set": set_name,
                        "type": type_,
                        "gold": c.tp + c.fn,
                        "extracted": c.tp + c.fp,
                        "correct": c.tp,
                        "precision": round(c.precision, 3),
                        "recall": round(c.recall, 3),
                    }
                )
        return out


def load_gold(path: Path) -> Gold:
    """Read one gold file; raise :class:`InputError` naming it when it is malformed."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise InputError(f"invalid JSON: {e.msg}", Location(path, e.lineno, e.colno)) from e
    for key in ("document", "set", "items"):
        if key not in data:
            raise InputError(f"gold file lacks {key!r}", Location(path))
    return Gold(path, Path(data["document"]), data["set"], data["items"])


def _locate_gold(text: str, items: list[dict[str, Any]], where: Path) -> list[tuple[int, int]]:
    norm, offsets = normalise(text)
    seen: dict[tuple[str, str], int] = defaultdict(int)
    spans = []
    for g in items:
        exact = normalise(g["text"])[0]
        probe = normalise(g.get("context", g["text"]))[0]
        hits = [h for h in find_all(norm, probe) if _whole_words(norm, h, len(probe))]
        n = g.get("occurrence")
        if n is None:
            n = seen[probe, exact] + 1
        seen[probe, exact] = max(seen[probe, exact], n)
        inner = probe.find(exact)
        if len(hits) < n or inner < 0:
            raise InputError(
                f"gold {g['type']} {g['text']!r}: occurrence {n} not in {where}",
                Location(where),
                hint="copy the words exactly from the document",
            )
        i = hits[n - 1] + inner
        spans.append((offsets[i], offsets[i + len(exact) - 1] + 1))
    return spans


def _whole_words(text: str, start: int, length: int) -> bool:
    """Whether ``text[start:start + length]`` does not cut a word or number at either end
    (« 89 » is not found inside « 1891 »)."""
    end = start + length
    cut_left = start > 0 and text[start].isalnum() and text[start - 1].isalnum()
    cut_right = end < len(text) and text[end - 1].isalnum() and text[end].isalnum()
    return not (cut_left or cut_right)


def _same_value(a: Any, b: Any) -> bool:
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except ArithmeticError:
        return False


def score_document(
    text: str, items: list[Item], gold: list[dict[str, Any]], *, where: Path = Path("gold")
) -> tuple[dict[str, Counts], list[str]]:
    """Counts per type for one document, and a line per miss or false alarm."""
    counts: dict[str, Counts] = defaultdict(Counts)
    misses: list[str] = []

    def compare_sets(type_: str, gold_keys: set[Any], found_keys: set[Any]) -> None:
        c = counts[type_]
        c.tp += len(gold_keys & found_keys)
        c.fp += len(found_keys - gold_keys)
        c.fn += len(gold_keys - found_keys)
        misses.extend(f"{where.name}: missed {type_} {k!r}" for k in sorted(map(str, gold_keys - found_keys)))
        misses.extend(f"{where.name}: wrong {type_} {k!r}" for k in sorted(map(str, found_keys - gold_keys)))

    for type_ in SET_TYPES:
        compare_sets(
            type_,
            {fold(g["text"]) for g in gold if g["type"] == type_},
            {fold(i.attrs.get("name", i.text)) for i in items if i.type == type_},
        )
    compare_sets(
        "post",
        {(fold(g["person"]), fold(g["text"])) for g in gold if g["type"] == "post"},
        {(fold(i.attrs["person"]), fold(i.text)) for i in items if i.type == "post"},
    )
    compare_sets(
        "dateline",
        {(g["value"], fold(g["place"])) for g in gold if g["type"] == "dateline"},
        {(i.value, fold(i.attrs["place"])) for i in items if i.type == "dateline"},
    )

    for type_ in SPAN_TYPES:
        golds = [g for g in gold if g["type"] == type_]
        spans = _locate_gold(text, golds, where)
        found = [i for i in items if i.type == type_]
        if type_ == "quote":
            _quote_spans(counts, golds, spans, found)
        context = type_ == "figure" and any(k in g for g in golds for k, _ in CONTEXT_KEYS[:3])
        used: set[int] = set()
        c = counts[type_]
        for g, (gs, ge) in zip(golds, spans, strict=True):
            match = next(
                (k for k, it in enumerate(found) if k not in used and _matches(type_, g, gs, ge, it)), None
            )
            if context:
                _figure_context(counts, g, None if match is None else found[match], misses, where)
            if match is None:
                c.fn += 1
                misses.append(
                    f"{where.name}: missed {type_} {g['text']!r} {g.get('value', '')}"
                    f"{g.get('unit', '')}{g.get('speaker', '')}"
                )
            else:
                used.add(match)
                c.tp += 1
        for k, it in enumerate(found):
            if k not in used:
                c.fp += 1
                misses.append(
                    f"{where.name}: wrong {type_} {it.text[:50]!r} {it.value or ''} "
                    f"{it.unit or ''}{it.speaker or ''}"
                )
    return dict(counts), misses


def _matches(type_: str, g: dict[str, Any], gs: int, ge: int, it: Item) -> bool:
    """Whether extracted ``it`` overlaps gold ``g`` at ``gs:ge`` and says the same."""
    if not (it.start < ge and gs < it.end):
        return False
    if type_ == "figure":
        return _same_value(it.value, g["value"]) and it.unit == g["unit"]
    if type_ == "quote":
        return fold(it.speaker or "") == fold(g.get("speaker") or "")
    return True


def _quote_spans(
    counts: dict[str, Counts], golds: list[dict[str, Any]], spans: list[tuple[int, int]], found: list[Item]
) -> None:
    """``quote-span``: quotations matched by place only; ``quote-speaker``: of those, the
    ones with the gold speaker."""
    used: set[int] = set()
    where, who = counts["quote-span"], counts["quote-speaker"]
    for g, (gs, ge) in zip(golds, spans, strict=True):
        k = next((k for k, it in enumerate(found) if k not in used and it.start < ge and gs < it.end), None)
        if k is None:
            where.fn += 1
            who.fn += 1
            continue
        used.add(k)
        where.tp += 1
        if fold(found[k].speaker or "") == fold(g.get("speaker") or ""):
            who.tp += 1
        else:
            who.fn += 1
            who.fp += found[k].speaker is not None
    where.fp += len(found) - len(used)


def _figure_context(
    counts: dict[str, Counts], gold: dict[str, Any], it: Item | None, misses: list[str], where: Path
) -> None:
    """Compare a figure's period, area, credit and indicator with the gold's (``it`` is
    None when the figure was not found)."""
    for key, attr in CONTEXT_KEYS:
        c = counts[f"figure-{key}"]
        found = it.attrs.get(attr) if it is not None else None
        if it is None:
            c.fn += key in gold
            continue
        if key not in gold:
            c.fp += bool(found) and key != "indicator"  # an indicator is always written
            continue
        if same_context(gold[key], found):
            c.tp += 1
            continue
        c.fn += 1
        c.fp += bool(found)
        misses.append(f"{where.name}: figure {gold['text']!r} {key} {gold[key]!r}, read {found!r}")


def score(gold_files: Iterable[Path], *, root: Path = Path("."), nlp: Any = "default") -> Report:
    """Extract every gold document and compare; counts are summed per set and type."""
    report = Report()
    registry = root / "data" / "entities.ttl"
    gazetteer = Gazetteer.from_registry(registry) if registry.exists() else None
    for path in sorted(gold_files):
        gold = load_gold(path)
        text = read_document(root / gold.document)
        items = extract(text, nlp=nlp, gazetteer=gazetteer)
        counts, misses = score_document(text, items, gold.items, where=path)
        per_set = report.counts.setdefault(gold.set, {})
        for type_, c in counts.items():
            per_set.setdefault(type_, Counts()).add(c)
        report.misses.extend(misses)
    return report


def format_rows(rows: list[dict[str, Any]], fmt: str = "table") -> str:
    """Rows as an aligned table, Markdown, CSV/TSV or JSON.

    >>> print(format_rows([{"type": "figure", "precision": 1.0}], "markdown"))
    | type | precision |
    | --- | --- |
    | figure | 1.0 |
    """
    if not rows:
        return ""
    keys = list(rows[0])
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2)
    if fmt in ("csv", "tsv"):
        import csv
        import io

        buf = io.StringIO()
        writer = csv.DictWriter(buf, keys, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buf.getvalue().rstrip("\n")
    if fmt == "markdown":
        lines = ["| " + " | ".join(keys) + " |", "| " + " | ".join("---" for _ in keys) + " |"]
        lines += ["| " + " | ".join(str(r[k]) for k in keys) + " |" for r in rows]
        return "\n".join(lines)
    widths = {k: max(len(k), *(len(str(r[k])) for r in rows)) for k in keys}
    lines = ["  ".join(k.ljust(widths[k]) for k in keys)]
    lines += ["  ".join(str(r[k]).ljust(widths[k]) for k in keys) for r in rows]
    return "\n".join(line.rstrip() for line in lines)

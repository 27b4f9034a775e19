"""Find the names of plans, programmes, packs and funds (« pack relocalisation », « grand
plan stratégique de relocalisation 2021 »), as printed or in quotation marks."""

from __future__ import annotations

import re
from typing import Any

from .dates import YEAR
from .document import Document
from .items import NAME_TYPES
from .lexicon import alternatives
from .nlp import is_noun

PLAN_HEADS = alternatives("plan-heads")
PLAN_HEAD = re.compile(rf"\b(?P<pre>(?:grand|nouveau|vaste)\s+)?(?P<head>{PLAN_HEADS})\b", re.IGNORECASE)
_DEMONSTRATIVE = re.compile(r"\b(?:ce|cet|cette|ces)\s+$", re.IGNORECASE)
_STOP_TOKENS = ("«", "»", ",", ".", ":", ";", "(", ")")


def quoted_plan(doc: Document, open_: int, s: int, e: int, close: int) -> None:
    """Record the quoted words at ``s:e`` as a plan's name: sure when they start with a
    plan head word or follow one (« le pack « Relocalisation » »), unsure when they are
    merely capitalised."""
    inner = doc.clean[s:e].strip()
    before = doc.clean[max(0, open_ - 40) : open_]
    head = re.search(rf"\b{PLAN_HEADS}\s*$", before, re.IGNORECASE)
    named = PLAN_HEAD.match(inner)
    if named or head:
        conf = 0.9 if named else 0.85
        kind = head.group(0).strip() if head else named.group("head") if named else "plan"
        doc.add_entity("plan", s, e, inner, conf, quoted=True, kind=kind.lower())
        if head:
            doc.take(max(0, open_ - 40) + head.start(), close, "plan")
    elif inner[:1].isupper():
        doc.add_entity("plan", s, e, inner, 0.5, quoted=True)


def _name_end(doc: Document, tokens: list[Any], end: int) -> tuple[int, bool]:
    """Where the name after a plan head ends (its nouns, adjectives, « de » + noun, a
    year), and whether it holds a noun."""
    has_noun = False
    for i, t in enumerate(tokens):
        if t.text in _STOP_TOKENS or t.is_punct:
            break
        if doc.overlaps(t.idx, t.idx + len(t.text), ("person",)):
            break
        if is_noun(t) or (t.text[:1].isupper() and t.pos_ != "DET"):
            has_noun = True
            end = t.idx + len(t.text)
        elif t.pos_ == "ADJ" or (t.pos_ == "VERB" and t.text.endswith("ique")):
            end = t.idx + len(t.text)
        elif t.lower_ in ("de", "d'", "d’", "du") and i + 1 < len(tokens) and is_noun(tokens[i + 1]):
            pass
        elif t.like_num and re.fullmatch(YEAR, t.text):
            end = t.idx + len(t.text)
        else:
            break
    return end, has_noun


def plans(doc: Document) -> None:
    """Record the plans named by a head word and the words spaCy reads as its name
    (needs a parse; a head word alone, or after « ce », names nothing)."""
    for m in PLAN_HEAD.finditer(doc.clean):
        start = m.start()
        if _DEMONSTRATIVE.search(doc.clean[max(0, start - 8) : start]):
            continue
        if doc.overlaps(m.start("head"), m.end("head"), NAME_TYPES):
            continue
        tokens = doc.tokens(m.end(), min(len(doc.clean), m.end() + 120))
        end, has_noun = _name_end(doc, tokens, m.end())
        if doc.doc is None:
            continue
        capital_head = doc.clean[m.start("head")].isupper()
        if not has_noun and not capital_head:
            continue
        if end == m.end():
            continue
        name = re.sub(r"\s+", " ", doc.clean[start:end])
        doc.add_entity("plan", start, end, name, 0.8 if has_noun else 0.6, kind=m.group("head").lower())

"""Attribute each quotation to the person who says it, with the classic cues of French news.

Cues tried in order (the first that names someone wins), each with the confidence the
curator sees (``attribution_confidence``) and its name (``attribution``):

================  =========================================================  ==========
``after``         a person named right after the quotation, in its paragraph   0.9
                  (« », a déclaré François Bonneau »)
``before``        a person named before « : » that opens the quotation        0.9
``selon``         « selon X, « … » » / « Pour X, « … » »                       0.85
``role``          a speech verb and a role after the quotation (« indique le    0.75
                  directeur régional … »): the person holding it in the
                  document (a post whose words it shares), else the one person
                  the document names
``pronoun``       an incise with a pronoun (« a-t-il déclaré », « selon        0.7
                  elle », « ajoute-t-elle »): the last person named before
``previous``      a person in the paragraph before, which ends with « : »,     0.85
                  or alone in a short paragraph after
================  =========================================================  ==========

A quotation printed inside a sentence, starting in lower case, with no speech verb and no
person named before it in the sentence (« les Régions « observent des fermetures … » »)
cites a document, not a person: it is not kept as a quote.
"""

from __future__ import annotations

import bisect
import re

from .document import Document
from .items import Item, fold
from .lexicon import alternatives
from .people import TITLE_WORDS
from .spans import Span, containing

#: A quotation item, the offset of its opening mark and the offset after its closing mark.
Quote = tuple[Item, int, int]
#: A person's mention: start, end, name as printed.
PersonSpan = tuple[int, int, str]
#: Who, how sure, by which cue.
Attribution = tuple[PersonSpan | None, float, str | None]

_SPEECH = alternatives("speech-verbs")
_PRONOUN = re.compile(
    rf"^[\s,»”\"]*(?:(?:{_SPEECH})(?:-t)?-(?:il|elle)\b|selon\s+(?:lui|elle)\b|(?:{_SPEECH})\s*-\s*t\s*-\s*(?:il|elle)\b"
    rf"|(?:a|avait)-t-(?:il|elle)\s+\w+)",
    re.IGNORECASE,
)
_ROLE_AFTER = re.compile(
    rf"^[\s,»”\"]*(?:{_SPEECH})\s+(?:le|la|l['’])\s*(?P<role>{TITLE_WORDS}[^.;:!?«»\n]{{0,120}})",
    re.IGNORECASE,
)
_SPEECH_NEAR = re.compile(rf"\b(?:{_SPEECH})\b", re.IGNORECASE)
_SELON_BEFORE = re.compile(r"\b(?:selon|pour|d['’]après)\s+$", re.IGNORECASE)


class _Persons:
    """Person mentions sorted by start, with range look-ups in logarithmic time."""

    def __init__(self, spans: list[PersonSpan]) -> None:
        self.spans = sorted(spans)
        self.starts = [p[0] for p in self.spans]

    def within(self, s: int, e: int) -> list[PersonSpan]:
        return self.spans[bisect.bisect_left(self.starts, s) : bisect.bisect_left(self.starts, e)]

    def last_before(self, pos: int) -> PersonSpan | None:
        i = bisect.bisect_left(self.starts, pos)
        return self.spans[i - 1] if i else None


def _holder(doc: Document, persons: _Persons, role: str) -> tuple[PersonSpan | None, float]:
    """The person holding ``role`` in the document: one whose printed post shares the role's
    head word and a word after it; else the only person the document names."""
    words = [w for w in re.findall(r"\w+", fold(role)) if len(w) > 3]
    best, score = None, 0
    for post in (i for i in doc.items if i.type == "post"):
        shared = len(set(words) & set(re.findall(r"\w+", fold(post.text))))
        if shared > score:
            best, score = post, shared
    if best is not None and score >= 2:
        name = fold(best.attrs["person"])
        hit = next((p for p in persons.spans if fold(p[2]) == name), None)
        if hit:
            return hit, 0.75
    names = {fold(p[2]) for p in persons.spans}
    if len(names) == 1:
        return persons.spans[-1], 0.6
    return None, 0.4


def _after(doc: Document, persons: _Persons, close: int, stop: int) -> Attribution:
    """Cues after the closing mark: a name, a pronoun incise, a speech verb and a role."""
    tail = doc.clean[close:stop]
    if _PRONOUN.match(tail):
        return persons.last_before(close), 0.7, "pronoun"
    role = _ROLE_AFTER.match(tail)
    named = persons.within(close, min(stop, close + 250))
    if named and (role is None or named[0][0] < close + role.end()):
        return named[0], 0.9, "after"
    if role:
        who, conf = _holder(doc, persons, role.group("role"))
        return who, conf, "role"
    return None, 0.4, None


def _before(doc: Document, persons: _Persons, para: Span, open_: int) -> Attribution:
    """Cues before the opening mark: « X : « … » », « selon X, « … » »."""
    ps = para[0]
    lead = doc.clean[ps:open_].rstrip()
    named = persons.within(ps, open_)
    if lead.endswith(":") and named:
        return named[-1], 0.9, "before"
    if lead.endswith(",") and named:
        p = named[-1]
        if (
            _SELON_BEFORE.search(doc.clean[max(ps, p[0] - 12) : p[0]])
            and doc.clean[p[1] : open_].strip(" ,") == ""
        ):
            return p, 0.85, "selon"
    return None, 0.4, None


def _around(doc: Document, persons: _Persons, para: Span) -> Attribution:
    """A speaker named in the paragraph before (ending with « : ») or alone in a short
    paragraph after the quotation's paragraph."""
    i = bisect.bisect_left(doc.paragraphs, para)
    prev = doc.paragraphs[i - 1] if i > 0 else None
    nxt = doc.paragraphs[i + 1] if i + 1 < len(doc.paragraphs) else None
    if prev and doc.clean[prev[0] : prev[1]].rstrip().endswith(":") and para[0] - prev[1] <= 400:
        named = persons.within(*prev)
        if named:
            return named[-1], 0.85, "previous paragraph"
    if nxt and nxt[1] - nxt[0] < 250:
        lead = re.match(r"[\s—–-]*", doc.clean[nxt[0] : nxt[1]])
        start = nxt[0] + (lead.end() if lead else 0)
        hit = [p for p in persons.within(start, start + 1)]
        if hit:
            return hit[0], 0.8, "next paragraph"
    return None, 0.4, None


def _cited_phrase(doc: Document, persons: _Persons, para: Span, it: Item, open_: int, close: int) -> bool:
    """A quotation inside a sentence, in lower case, with no speech verb around it and no
    person named before it in its sentence."""
    if not it.text[:1].islower():
        return False
    sentence = containing(doc.sentences, open_) or para
    lead = doc.clean[sentence[0] : open_].rstrip()
    if not lead or lead.endswith(":") or persons.within(sentence[0], open_):
        return False
    around = doc.clean[sentence[0] : open_] + " " + doc.clean[close : sentence[1]]
    return not _SPEECH_NEAR.search(around)


def attribute_quotes(doc: Document, quotations: list[Quote], person_spans: list[PersonSpan]) -> None:
    """Give each quotation its ``speaker`` (from ``person_spans``), the cue and its
    confidence (``attribution``, ``attribution_confidence``), the speaker's title when
    printed, and the span of the attribution; drop cited phrases (see the module docs)."""
    persons = _Persons(person_spans)
    posts = [i for i in doc.items if i.type == "post"]
    opens = sorted(o for _, o, _ in quotations)
    dropped: set[int] = set()
    for it, open_, close in quotations:
        para = containing(doc.paragraphs, open_)
        if para is None:
            continue
        nxt = opens[bisect.bisect_right(opens, close) :]
        stop = nxt[0] if nxt and nxt[0] < para[1] else para[1]
        if _cited_phrase(doc, persons, para, it, open_, close):
            dropped.add(id(it))
            continue
        speaker, conf, where = _after(doc, persons, close, stop)
        if speaker is None:
            speaker, conf, where = _before(doc, persons, para, open_)
        if speaker is None:
            speaker, conf, where = _around(doc, persons, para)
        it.confidence = conf
        it.attrs["attribution_confidence"] = conf
        if speaker is None:
            continue
        it.speaker = speaker[2]
        it.attrs["attribution"] = where
        _speaker_title(it, speaker, posts)
    if dropped:
        doc.items[:] = [i for i in doc.items if id(i) not in dropped]


def _speaker_title(it: Item, speaker: PersonSpan, posts: list[Item]) -> None:
    name = fold(speaker[2])
    adjacent = next(
        (p for p in posts if fold(p.attrs["person"]) == name and speaker[1] <= p.start <= speaker[1] + 3),
        None,
    )
    post = adjacent or next((p for p in posts if fold(p.attrs["person"]) == name), None)
    if post is not None:
        it.attrs["speaker_title"] = post.text
    it.attrs["attribution_start"] = speaker[0]
    it.attrs["attribution_end"] = adjacent.end if adjacent is not None else speaker[1]

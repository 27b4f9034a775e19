"""Load the extractor's French word lists from the data files in ``ingest/lexicon/``.

Each file holds one entry per line; blank lines and lines starting with ``#`` are
comments. A file is read as one of three kinds, which its header comment names:

* a word list (:func:`words`): one word or phrase per line, matched as written;
* a mapping (:func:`mapping`): ``phrase = value`` per line;
* a pattern list (:func:`alternatives`): one regular expression per line, joined into
  one non-capturing group of alternatives, in file order.

The files are generic French press-release wording, never one document's.

>>> "PME" in words("generic-acronyms")
True
>>> mapping("unit-nouns")["emploi"]
'jobs'
>>> alternatives("plan-heads")
'(?:plan|pack|pacte|programme|fonds|dispositif|feuille de route|appel à projets)'
"""

from __future__ import annotations

import functools
from importlib import resources


@functools.cache
def _lines(name: str) -> tuple[str, ...]:
    text = resources.files("relocgraph.ingest").joinpath(f"lexicon/{name}.txt").read_text("utf-8")
    stripped = (line.strip() for line in text.splitlines())
    return tuple(line for line in stripped if line and not line.startswith("#"))


def words(name: str) -> tuple[str, ...]:
    """The entries of word list ``lexicon/<name>.txt``, in file order.

    >>> words("not-units")[:3]
    ('an', 'annee', 'mois')
    """
    return _lines(name)


def mapping(name: str) -> dict[str, str]:
    """The ``phrase = value`` entries of ``lexicon/<name>.txt``, in file order.

    >>> mapping("org-cues")["la société"]
    'company'
    """
    pairs = (line.rsplit("=", 1) for line in _lines(name))
    return {key.strip(): value.strip() for key, value in pairs}


def alternatives(name: str) -> str:
    """The regular expressions of ``lexicon/<name>.txt`` as one group ``(?:a|b|…)``.

    >>> alternatives("qualifiers").startswith("(?:plus de|près de|")
    True
    """
    return "(?:" + "|".join(_lines(name)) + ")"

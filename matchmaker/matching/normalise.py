"""Step 1, normalise: comparable tokens, with one canonical token per idea added.

Text is Unicode-folded, lower-cased and split into words; long regular plurals are
made singular. Each domain phrase of `vocabulary.SYNONYMS` keeps its own words and
gains the canonical token ("RT-PCR" gives "rt pcr", "TB" gives "tb tuberculosis"):
expansion, not replacement, because replacing threw away words other texts use
(replacing "HIV/AIDS" by "hiv" alone cost 0.03 NDCG@10 on the IATI benchmark). Only
the false friends a phrase disambiguates are dropped (the *plant* of "power plant",
the *accelerator* of "linear accelerator"), so they cannot meet their other sense.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

from .vocabulary import (
    AMBIGUOUS,
    DOMAIN_CUES,
    DOMAIN_STOP_WORDS,
    FALSE_FRIENDS,
    STOP_WORDS,
    SYNONYMS,
)

__all__ = [
    "AMBIGUOUS",
    "DOMAIN_CUES",
    "DOMAIN_STOP_WORDS",
    "FALSE_FRIENDS",
    "STOP_WORDS",
    "SYNONYMS",
    "health_domains",
    "normalise_many",
    "normalise_text",
]

_NON_WORD = re.compile(r"[^0-9a-z]+")
_KEEP_ENDINGS = ("ss", "us", "is")
_MIN_PLURAL_S = 6


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _singular(word: str) -> str:
    """A light plural stripper that only touches long, regular plurals.

    "-ies" becomes "-y" from five letters ("laboratories", "facilities"); a final
    "-s" goes only from six letters ("snakes", "venoms") and not after "ss", "us"
    or "is". Five-letter words are where stripping misfires most ("goods",
    "means", "cases", "areas"); stripping them as well cost 0.035 NDCG@10 on the
    IATI benchmark.
    """
    if len(word) <= 4 or word.endswith(_KEEP_ENDINGS):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and len(word) >= _MIN_PLURAL_S:
        return word[:-1]
    return word


def _clean(text: str) -> str:
    """Unicode-fold, lower-case, turn punctuation into spaces, singularise words."""
    folded = _strip_accents(text).casefold().replace("&", " and ")
    return " ".join(_singular(w) for w in _NON_WORD.split(folded) if w)


def _expansion(phrase: str, canonical: str) -> str:
    """The phrase's own words (minus false friends), then new canonical tokens."""
    kept = [w for w in phrase.split() if w not in FALSE_FRIENDS]
    added = [t for t in canonical.split() if t not in kept]
    return " ".join(dict.fromkeys(kept + added))


@lru_cache(maxsize=8)
def _compiled(
    table: tuple[tuple[str, str], ...],
) -> tuple[re.Pattern[str], dict[str, str]]:
    cleaned: dict[str, str] = {}
    for phrase, replacement in table:
        key = _clean(phrase)
        cleaned.setdefault(key, _expansion(key, replacement))
    keys = sorted(cleaned, key=lambda k: (-len(k), k))
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(k) for k in keys) + r")\b")
    return pattern, cleaned


def _table(synonyms: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(synonyms.items()))


_DEFAULT_TABLE = _table(SYNONYMS)


def _resolve_ambiguous(tokens: list[str]) -> list[str]:
    present = set(tokens)
    resolved = []
    for token in tokens:
        senses = AMBIGUOUS.get(token)
        if senses:
            counts = [(len(cues & present), sense) for sense, cues in senses]
            best, sense = max(counts, key=lambda c: c[0])
            token = sense if best else token
        resolved.append(token)
    return resolved


def normalise_text(text: str, synonyms: Mapping[str, str] = SYNONYMS) -> str:
    """Rewrite a text to canonical, comparable tokens separated by single spaces.

    Args:
        text: Any free text (title or description).
        synonyms: Phrase-to-canonical table; defaults to the domain table above.

    Returns:
        Lower-case ASCII tokens, stop-words removed, each domain phrase followed
        by its canonical token, so that "BSL-2 lab" and "biosafety level 2
        laboratories" share "biosafety", "bsl2" and "laboratory".
    """
    if synonyms is SYNONYMS:
        return _normalised(text)
    return _normalise(text, _table(synonyms))


# Listing pages prepare the same texts again and again (every visible need for an
# offer's page): remembering the default normalisation of recent texts makes that
# a lookup. Bounded: a region's listings, titles and descriptions, fit many times.
NORMALISED_TEXTS_KEPT = 50_000


@lru_cache(maxsize=NORMALISED_TEXTS_KEPT)
def _normalised(text: str) -> str:
    return _normalise(text, _DEFAULT_TABLE)


def _normalise(text: str, synonyms: tuple[tuple[str, str], ...]) -> str:
    pattern, table = _compiled(synonyms)
    cleaned = _clean(text)
    replaced = pattern.sub(lambda m: table[m.group(0)], cleaned)
    tokens = [t for t in replaced.split() if t not in STOP_WORDS and len(t) > 1]
    return " ".join(_resolve_ambiguous(tokens))


def normalise_many(texts: Iterable[str]) -> list[str]:
    """Normalise several texts (see `normalise_text`)."""
    return [normalise_text(t) for t in texts]


def health_domains(normalised: str) -> frozenset[str]:
    """Whose health a normalised text is about: human, animal and/or plant.

    A text without any cue is taken to be about human health, the service's scope.
    """
    tokens = set(normalised.split())
    found = frozenset(d for d, cues in DOMAIN_CUES.items() if cues & tokens)
    return found or frozenset({"human"})

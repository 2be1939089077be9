"""How the pictures look: colours, text sizes and label shortening, in one place.

Every colour here stays distinguishable for the common kinds of colour blindness
(Okabe and Ito's eight colours; ColorBrewer's single-hue Blues and PuOr maps), and every
encoding that matters is doubled by something other than colour (a number in each
cell, a line style per edge kind, a marker shape per node kind).
"""

from __future__ import annotations

import re
import textwrap

import numpy as np
from matplotlib import colormaps
from matplotlib.colors import Colormap, ListedColormap, to_rgb
from matplotlib.typing import ColorType

# Okabe & Ito, "Color Universal Design" (2008).
BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
GREY = "#595959"  # dark enough for text on white (7:1)

SEQUENTIAL = "Blues"  # counts: pale blue (few) to dark blue (many); one hue
# The pale end of the map is nearly white, like a blank place with no needs: counts
# start this far into the map, so a square holding 0 still reads as a square.
SEQUENTIAL_START = 0.15
DIVERGING = "PuOr"  # surplus and shortfall: orange (short) to purple (spare)

TEXT_SIZE = 9.0
SMALL_TEXT_SIZE = 8.0
LABEL_SIZE = 10.0

# Characters XML 1.0 forbids: C0 controls but tab and newlines, surrogates, U+FFFE/F.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def sequential_map() -> Colormap:
    """The counts' colour map: Blues from ``SEQUENTIAL_START`` on."""
    blues = colormaps[SEQUENTIAL]
    return ListedColormap(blues(np.linspace(SEQUENTIAL_START, 1.0, 256)), "counts")


def text_colour_on(background: ColorType) -> str:
    """Black or white, whichever reads better on ``background`` (WCAG luminance)."""
    channels = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in to_rgb(background)
    ]
    luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    # Contrast against black is (L + 0.05) / 0.05, against white 1.05 / (L + 0.05);
    # they are equal at L ≈ 0.179.
    return BLACK if luminance > 0.179 else "#FFFFFF"


def clean_text(text: str) -> str:
    """``text`` without what XML cannot hold (control characters, lone surrogates),
    its runs of white space made single spaces."""
    return " ".join(_NOT_XML.sub("", text).split())


def wrap_label(text: str, width: int = 18, lines: int = 2) -> str:
    """At most ``lines`` lines of about ``width`` characters, ending "…" when cut.

    Words longer than a line are broken, so a label pasted without spaces cannot
    push the picture wide.
    """
    wrapped = textwrap.wrap(clean_text(text), width=width, break_long_words=True)
    if len(wrapped) > lines:
        tail = shorten(" ".join(wrapped[lines - 1 :]), width)
        wrapped = [*wrapped[: lines - 1], tail]
    return "\n".join(wrapped)


def shorten(text: str, limit: int = 40) -> str:
    """One line of at most ``limit`` characters, ending "…" when cut."""
    clean = clean_text(text)
    return clean if len(clean) <= limit else clean[: limit - 1].rstrip() + "…"


def plural(count: int, one: str, many: str | None = None) -> str:
    """``"1 need"``, ``"3 needs"``: counts in words for titles and legends."""
    return f"{count} {one if count == 1 else (many or one + 's')}"

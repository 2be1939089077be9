"""Pictures for the "Seeing the region" pages, drawn as inline SVG.

Pure like the matching engine: each drawer takes one shape from :mod:`.shapes`
(counted by a service) and returns an SVG string with no inline styles, local
links only, and ids prefixed by the picture's name, so several can share a page
served with a strict Content-Security-Policy.
"""

from __future__ import annotations

from .gap_map import draw_gap_map
from .landscape import draw_landscape
from .network import draw_network
from .progress import draw_funnel, draw_monthly
from .svg import figure_to_svg

__all__ = [
    "draw_funnel",
    "draw_gap_map",
    "draw_landscape",
    "draw_monthly",
    "draw_network",
    "figure_to_svg",
]

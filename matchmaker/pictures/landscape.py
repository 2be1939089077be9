"""The supply landscape: where needs outrun the places offered, and where not.

Each square is one group (a country or sub-region) and one support type, coloured
by places minus needs on a scale centred at zero: orange where needs outrun places,
purple where places are spare, pale where they balance. Both numbers are written in
the square, so nothing depends on telling colours apart.
"""

from __future__ import annotations

from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.colors import CenteredNorm, Colormap
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .gap_map import colour_bar, grid_axes, grid_size
from .palette import DIVERGING, SMALL_TEXT_SIZE, plural, text_colour_on
from .shapes import Landscape
from .svg import (
    check_unique,
    data_prefix,
    drawing,
    figure_to_svg,
    gid,
    message_picture,
)

CELL = (0.95, 0.48)  # inches: room for "needs 12" over "places 140"
SHORT = "More needs than places"
SPARE = "More places than needs"
NAME = "landscape"


def draw_landscape(landscape: Landscape, *, name: str = NAME) -> str:
    """Needs against places as an SVG heatmap, one square per group and type, its
    id ``supply-{group}-{support_type}``.

    Args:
        landscape: groups, support types and the counted cells.
        name: the picture's name on the page; another one also goes before the
            squares' ids.

    Raises:
        ValueError: a cell names a group or support type the landscape does not
            list, or two cells share one.
    """
    title = landscape.title or "Needs and places offered, by group and support type"
    if not landscape.cells:
        return message_picture(name, title, "No needs or offers to compare here.")
    rows = {code: index for index, (code, _) in enumerate(landscape.groups)}
    columns = {slug: index for index, (slug, _) in enumerate(landscape.support_types)}
    check_unique((gid(c.group, c.support_type) for c in landscape.cells), "cell")
    with drawing(name):
        size = grid_size(len(rows), len(columns), CELL)
        fig = Figure(figsize=size, layout="constrained")
        ax = fig.add_subplot()
        cmap = colormaps[DIVERGING]
        widest = max(abs(c.places - c.needs) for c in landscape.cells)
        norm = CenteredNorm(0, halfrange=max(1, widest))
        own = data_prefix(name, NAME)
        squares = _draw_cells(ax, landscape, rows, columns, cmap, norm, own)
        grid_axes(
            ax,
            [n for _, n in landscape.groups],
            [n for _, n in landscape.support_types],
        )
        bar = colour_bar(fig, ax, cmap, norm, "Places minus needs", "bottom")
        for x, words, align in ((0, f"← {SHORT}", "left"), (1, f"{SPARE} →", "right")):
            bar.ax.text(
                x, 1.15, words, transform=bar.ax.transAxes, ha=align, va="bottom",
                fontsize=SMALL_TEXT_SIZE,
            )  # fmt: skip
        return figure_to_svg(
            fig, name, title, _description(landscape), keep_ids=squares
        )


def _draw_cells(
    ax: Axes,
    landscape: Landscape,
    rows: dict[str, int],
    columns: dict[str, int],
    cmap: Colormap,
    norm: CenteredNorm,
    own: str,
) -> list[str]:
    """One square and its two numbers per cell; returns the squares' gids."""
    squares = []
    for cell in landscape.cells:
        if cell.group not in rows or cell.support_type not in columns:
            raise ValueError(f"cell {cell.group}/{cell.support_type} is off the grid")
        x, y = columns[cell.support_type], rows[cell.group]
        colour = cmap(norm(cell.places - cell.needs))
        cell_id = own + gid("supply", cell.group, cell.support_type)
        ax.add_artist(
            Rectangle(
                (x, y), 1, 1, facecolor=colour, edgecolor="white", linewidth=1.5,
                gid=cell_id, clip_on=False, in_layout=False,
            )
        )  # fmt: skip
        ax.text(
            x + 0.5, y + 0.5, f"needs {cell.needs}\nplaces {cell.places}",
            ha="center", va="center", linespacing=1.3, color=text_colour_on(colour),
            fontsize=SMALL_TEXT_SIZE, in_layout=False,
        )  # fmt: skip
        squares.append(cell_id)
    return squares


def _description(landscape: Landscape) -> str:
    short = [c for c in landscape.cells if c.shortfall]
    return (
        f"Heatmap of needs against places offered:"
        f" {plural(len(landscape.groups), 'group')} down,"
        f" {plural(len(landscape.support_types), 'support type')} across."
        f" Orange squares have more needs than places, purple more places than"
        f" needs; each square shows both numbers."
        f" {plural(len(short), 'square')} short by"
        f" {plural(sum(c.shortfall for c in short), 'place')} in all."
    )

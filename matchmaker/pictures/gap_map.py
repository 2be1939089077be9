"""The gap map: where needs pile up, country by category.

One square per country and category that has needs, coloured by the chosen count
and carrying the number itself, so the colour is a guide and never the only way to
read it. Combinations without needs stay blank.
"""

from __future__ import annotations

from typing import Literal

from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.colorbar import Colorbar
from matplotlib.colors import Colormap, Normalize
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle
from matplotlib.ticker import MaxNLocator

from .palette import (
    SMALL_TEXT_SIZE,
    plural,
    sequential_map,
    shorten,
    text_colour_on,
    wrap_label,
)
from .shapes import GAP_MEASURE_LABELS, GapGrid
from .svg import (
    check_unique,
    data_prefix,
    drawing,
    figure_to_svg,
    gid,
    message_picture,
)

# Inches per column and row; the picture scales down on screen, these keep the
# numbers legible when it does not have to. Past the caps, cells shrink instead.
COLUMN_WIDTH, ROW_HEIGHT = 0.7, 0.3
MAX_CELLS_WIDTH, MAX_CELLS_HEIGHT = 10.0, 18.0
NAME = "gap-map"


def draw_gap_map(grid: GapGrid, *, name: str = NAME) -> str:
    """The grid as an SVG heatmap, one linked square per non-empty cell, its id
    ``cell-{country}-{category or "none"}``.

    Args:
        grid: countries, categories and the counted cells.
        name: the picture's name on the page; pass another to show two gap maps
            (their cells' ids then start with it).

    Raises:
        ValueError: a cell names a country or category the grid does not list, or
            two cells share one.
    """
    label = GAP_MEASURE_LABELS[grid.measure]
    title = grid.title or f"{label} by country and category"
    if not grid.cells:
        return message_picture(name, title, f"{label}: none to show for this choice.")
    rows = {code: index for index, (code, _) in enumerate(grid.countries)}
    columns = {slug: index for index, (slug, _) in enumerate(grid.categories)}
    check_unique((gid(c.country, c.category) for c in grid.cells), "cell")
    with drawing(name):
        fig = Figure(figsize=grid_size(len(rows), len(columns)), layout="constrained")
        ax = fig.add_subplot()
        cmap = sequential_map()
        norm = Normalize(0, max(1, *(c.count(grid.measure) for c in grid.cells)))
        own = data_prefix(name, NAME)
        squares, numbers = _draw_cells(ax, grid, rows, columns, cmap, norm, own)
        grid_axes(ax, [n for _, n in grid.countries], [n for _, n in grid.categories])
        colour_bar(fig, ax, cmap, norm, label)
        return figure_to_svg(
            fig, name, title, _description(grid), keep_ids=squares,
            click_through=numbers,
        )  # fmt: skip


def grid_size(
    rows: int, columns: int, cell: tuple[float, float] = (COLUMN_WIDTH, ROW_HEIGHT)
) -> tuple[float, float]:
    """Figure inches for a grid: cells of ``cell`` inches, shrunk past the caps,
    plus room for labels and the colour bar."""
    width = min(MAX_CELLS_WIDTH, max(3, columns) * cell[0])
    height = min(MAX_CELLS_HEIGHT, max(3, rows) * cell[1])
    return width + 4.4, height + 1.6


def _draw_cells(
    ax: Axes,
    grid: GapGrid,
    rows: dict[str, int],
    columns: dict[str, int],
    cmap: Colormap,
    norm: Normalize,
    own: str,
) -> tuple[list[str], list[str]]:
    """One square and one number per cell; returns the squares' gids and the
    numbers', which let clicks through to the linked square beneath."""
    squares, numbers = [], []
    # One font for every number: building a font per text is most of the cost of
    # a large grid's labels.
    font = FontProperties(size=SMALL_TEXT_SIZE)
    for cell in grid.cells:
        if cell.country not in rows or cell.category not in columns:
            raise ValueError(f"cell {cell.country}/{cell.category!r} is off the grid")
        x, y = columns[cell.category], rows[cell.country]
        value = cell.count(grid.measure)
        colour = cmap(norm(value))
        cell_id = own + gid("cell", cell.country, cell.category)
        square = Rectangle(
            (x, y), 1, 1, facecolor=colour, edgecolor="white", linewidth=1.5,
            gid=cell_id, clip_on=False, in_layout=False,
        )  # fmt: skip
        if cell.link:
            square.set_url(cell.link)
        ax.add_artist(square)  # not add_patch: the limits are set, not data-driven
        ax.text(
            x + 0.5, y + 0.5, str(value), ha="center", va="center",
            color=text_colour_on(colour), fontproperties=font,
            gid=gid("count", cell.country, cell.category), in_layout=False,
        )  # fmt: skip
        squares.append(cell_id)
        numbers.append(gid("count", cell.country, cell.category))
    return squares, numbers


def grid_axes(ax: Axes, rows: list[str], columns: list[str]) -> None:
    """Row names down the left, column names slanted along the top, no frame."""
    ax.set_xlim(0, max(1, len(columns)))
    ax.set_ylim(max(1, len(rows)), 0)
    ax.set_xticks(
        [i + 0.5 for i in range(len(columns))],
        [wrap_label(label, 18, lines=3) for label in columns],
        rotation=50, ha="left", rotation_mode="anchor",
    )  # fmt: skip
    ax.set_yticks(
        [i + 0.5 for i in range(len(rows))],
        [shorten(label, 34) for label in rows],
    )
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)


def colour_bar(
    fig: Figure,
    ax: Axes,
    cmap: Colormap,
    norm: Normalize,
    label: str,
    location: Literal["right", "bottom"] = "right",
) -> Colorbar:
    """A slim colour bar with whole-number ticks, drawn as vector shapes."""
    bar = fig.colorbar(
        ScalarMappable(norm=norm, cmap=cmap.resampled(64)), ax=ax, label=label,
        location=location, shrink=0.6, aspect=25, pad=0.02,
    )  # fmt: skip
    bar.locator = MaxNLocator(integer=True)
    bar.outline.set_visible(False)
    if bar.solids is not None:
        bar.solids.set_rasterized(False)  # a PNG inside would need ``img-src data:``
        bar.solids.set_edgecolor("face")  # no hairline seams between the steps
    return bar


def _description(grid: GapGrid) -> str:
    label = GAP_MEASURE_LABELS[grid.measure].lower()
    total = sum(cell.count(grid.measure) for cell in grid.cells)
    return (
        f"Heatmap of {label}: {plural(len(grid.countries), 'country', 'countries')}"
        f" down, {plural(len(grid.categories), 'category', 'categories')} across,"
        f" {total} in all. Each square shows its number; darker squares hold more."
        " Blank places have no needs."
    )

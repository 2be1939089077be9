"""The supply landscape: needs against places, one square per group and type."""

from __future__ import annotations

import pytest
from matplotlib.colors import to_rgb

from matchmaker.pictures import draw_landscape
from matchmaker.pictures.landscape import SHORT, SPARE
from matchmaker.pictures.shapes import Landscape, SupplyCell
from tests.pictures import SVG, ids_starting, landscape, parse, texts


def _squares(svg: str) -> list[str]:
    return ids_starting(svg, "supply-")


def test_one_square_per_cell_with_both_numbers() -> None:
    shape = landscape()
    svg = draw_landscape(shape)
    expected = {f"supply-{c.group}-{c.support_type}" for c in shape.cells}
    assert sorted(_squares(svg)) == sorted(expected)
    shown = texts(svg)
    for cell in shape.cells:
        assert f"needs {cell.needs}" in shown and f"places {cell.places}" in shown


def _fill(svg: str, group: str, kind: str) -> tuple[float, ...]:
    square = next(
        e for e in parse(svg).iter() if e.get("id") == f"supply-{group}-{kind}"
    )
    return to_rgb(next(square.iter(f"{SVG}path")).get("fill", ""))


def test_shortfall_and_spare_are_opposite_colours_and_balance_is_pale() -> None:
    shape = Landscape(
        [("NPL", "Nepal")],
        [("short", "Short"), ("even", "Even"), ("spare", "Spare")],
        [
            SupplyCell("NPL", "short", needs=9, offers=1, places=1),
            SupplyCell("NPL", "even", needs=4, offers=2, places=4),
            SupplyCell("NPL", "spare", needs=1, offers=3, places=9),
        ],
    )
    svg = draw_landscape(shape)
    short, even, spare = (_fill(svg, "NPL", k) for k in ("short", "even", "spare"))
    assert short[0] > short[2]  # orange: more red than blue
    assert spare[2] > spare[0]  # purple: more blue than red
    assert min(even) > 0.9  # almost white
    assert SHORT in " ".join(texts(svg)) and SPARE in " ".join(texts(svg))


def test_nothing_to_show() -> None:
    svg = draw_landscape(Landscape([], [], []))
    assert _squares(svg) == []
    assert "No needs or offers to compare here." in texts(svg)


def test_a_cell_off_the_grid_is_a_mistake() -> None:
    shape = Landscape([("NPL", "Nepal")], [("t", "T")], [SupplyCell("X", "t", 1, 1, 1)])
    with pytest.raises(ValueError, match="off the grid"):
        draw_landscape(shape)

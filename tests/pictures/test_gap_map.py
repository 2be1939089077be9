"""The gap map: one linked, numbered square per country and category with needs."""

from __future__ import annotations

import pytest

from matchmaker.pictures import draw_gap_map
from matchmaker.pictures.shapes import GAP_MEASURE_LABELS, GapCell, GapGrid, GapMeasure
from matchmaker.pictures.svg import gid
from tests.pictures import SVG, XLINK_HREF, gap_grid, ids_starting, parse, texts


def _squares(svg: str) -> list[str]:
    return ids_starting(svg, "cell-")


def _by_id(svg: str) -> dict[str, object]:
    return {e.get("id"): e for e in parse(svg).iter() if e.get("id")}


@pytest.fixture(scope="module")
def grid() -> GapGrid:
    return gap_grid(rows=5, columns=4, fill=0.6)


@pytest.fixture(scope="module")
def svg(grid: GapGrid) -> str:
    return draw_gap_map(grid)


def test_one_square_per_cell_and_none_for_empty_combinations(grid, svg) -> None:
    expected = {gid("cell", c.country, c.category) for c in grid.cells}
    assert len(grid.cells) < len(grid.countries) * len(grid.categories)
    assert sorted(_squares(svg)) == sorted(expected)
    assert any(i.endswith("-none") for i in expected)  # needs without a category


def test_each_square_is_numbered_and_linked(grid, svg) -> None:
    by_id = _by_id(svg)
    for cell in grid.cells:
        square = by_id[gid("cell", cell.country, cell.category)]
        number = by_id[f"gap-map-{gid('count', cell.country, cell.category)}"]
        assert [a.get(XLINK_HREF) for a in square.iter(f"{SVG}a")] == [cell.link]
        assert [t.text for t in number.iter(f"{SVG}text")] == [str(cell.unmet)]
        # Clicks on the number reach the link beneath it.
        assert number.get("pointer-events") == "none"


def test_cells_without_a_link_are_not_links() -> None:
    svg = draw_gap_map(gap_grid(link=False))
    assert not list(parse(svg).iter(f"{SVG}a"))


def test_numbers_read_against_their_colour() -> None:
    grid = GapGrid(
        [("NPL", "Nepal")], [("a", "A"), ("b", "B")],
        [GapCell("NPL", "a", 0, 0, 0), GapCell("NPL", "b", 0, 0, 9)],
    )  # fmt: skip
    by_id = _by_id(draw_gap_map(grid))
    fills = {
        slug: [t.get("fill", "#000000") for t in by_id[f"gap-map-count-NPL-{slug}"]]
        for slug in "ab"
    }
    assert fills == {"a": ["#000000"], "b": ["#ffffff"]}  # pale yellow, then dark blue


@pytest.mark.parametrize("measure", list(GapMeasure), ids=str)
def test_the_measure_chooses_the_numbers_and_names_the_colour_bar(measure) -> None:
    cell = GapCell("NPL", "", open=1, covered=2, unmet=4)
    grid = GapGrid([("NPL", "Nepal")], [("", "No category")], [cell], measure)
    svg = draw_gap_map(grid)
    assert str(cell.count(measure)) in texts(svg)
    assert GAP_MEASURE_LABELS[measure] in texts(svg)


def test_long_labels_are_wrapped_and_cut() -> None:
    long = (
        "Laboratory strengthening for genomic surveillance of antimicrobial resistance"
    )
    grid = GapGrid(
        [("XXX", "The Very Long Name of a Country That Goes On and On")],
        [("lab", long)], [GapCell("XXX", "lab", 1, 0, 0)],
    )  # fmt: skip
    shown = texts(draw_gap_map(grid))
    assert long not in shown
    assert "Laboratory" in shown and any(t.endswith("…") for t in shown)
    assert max(len(t) for t in shown) <= 34


def test_the_picture_grows_with_the_grid_up_to_a_cap() -> None:
    heights = [
        float(
            parse(draw_gap_map(gap_grid(rows=r, columns=3))).get("viewBox").split()[3]
        )
        for r in (5, 20)
    ]
    assert heights[1] > heights[0] * 2


def test_sixty_countries_by_fifteen_categories() -> None:
    grid = gap_grid(rows=60, columns=15, fill=0.5, seed=9)
    svg = draw_gap_map(grid)
    assert len(_squares(svg)) == len(grid.cells) > 300
    width, height = map(float, parse(svg).get("viewBox").split()[2:])
    assert width < 17 * 72 and height < 21 * 72  # points: the caps hold


def test_nothing_to_show() -> None:
    svg = draw_gap_map(GapGrid([], [], []))
    assert _squares(svg) == []
    assert "Unmet needs: none to show for this choice." in texts(svg)


def test_a_cell_off_the_grid_is_a_mistake() -> None:
    grid = GapGrid([("NPL", "Nepal")], [("", "None")], [GapCell("BGD", "", 1, 0, 0)])
    with pytest.raises(ValueError, match="off the grid"):
        draw_gap_map(grid)


def test_another_name_goes_before_every_id() -> None:
    grid = gap_grid()
    svg = draw_gap_map(grid, name="covered-map")
    assert all(i.startswith("covered-map-") for i in ids_starting(svg, ""))
    assert len(ids_starting(svg, "covered-map-cell-")) == len(grid.cells)

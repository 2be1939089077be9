"""The SVG every picture ends as: no inline styles (the pages' CSP forbids them),
ids that cannot clash, local links only, sized by CSS, named for screen readers."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import matplotlib
import pytest
from matplotlib.figure import Figure

from matchmaker.pictures import (
    draw_funnel,
    draw_gap_map,
    draw_landscape,
    draw_monthly,
    draw_network,
    figure_to_svg,
)
from matchmaker.pictures import svg as svg_module
from matchmaker.pictures.shapes import GapCell, GapGrid, Network, NetworkNode, NodeKind
from matchmaker.pictures.svg import PRESENTATION_ATTRIBUTES
from tests.pictures import (
    REFERENCE,
    SVG,
    XLINK_HREF,
    gap_grid,
    landscape,
    links,
    months,
    network,
    parse,
    stages,
    texts,
)

DRAWERS: dict[str, Callable[[], str]] = {
    "gap-map": lambda: draw_gap_map(gap_grid()),
    "landscape": lambda: draw_landscape(landscape()),
    "network": lambda: draw_network(network()),
    "monthly": lambda: draw_monthly(months()),
    "funnel": lambda: draw_funnel(stages()),
    "empty": lambda: draw_network(Network([], []), name="empty"),
}


DATA_IDS = {
    "gap-map": ["cell"],
    "landscape": ["supply"],
    "network": ["node"],
    "monthly": ["month"],
    "funnel": ["stage"],
}


@pytest.fixture(scope="module")
def raw_and_drawn() -> tuple[list[str], dict[str, str]]:
    """Every kind of picture, and the SVG matplotlib wrote before it was cleaned."""
    raw: list[str] = []
    original = ET.fromstring

    def spy(text: str) -> ET.Element:
        raw.append(text)
        return original(text)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(svg_module.ET, "fromstring", spy)
        drawn = {name: draw() for name, draw in DRAWERS.items()}
    return raw, drawn


@pytest.fixture(scope="module")
def drawn(raw_and_drawn: tuple[list[str], dict[str, str]]) -> dict[str, str]:
    return raw_and_drawn[1]


def test_every_declaration_matplotlib_writes_has_an_attribute(raw_and_drawn) -> None:
    raw, _ = raw_and_drawn
    declared = {
        key.strip()
        for text in raw
        for css in re.findall(r'style="([^"]*)"', text)
        for key, _, _ in (item.partition(":") for item in css.split(";") if item)
    }
    assert {"fill", "stroke", "stroke-width", "font-size", "font-family"} <= declared
    assert {"stroke-dasharray", "text-anchor"} <= declared
    assert declared <= PRESENTATION_ATTRIBUTES
    sheets = {m for text in raw for m in re.findall(r"<style[^>]*>(.*?)</style>", text)}
    assert sheets == {"*{stroke-linejoin: round; stroke-linecap: butt}"}


@pytest.mark.parametrize("kind", DRAWERS)
def test_no_inline_style_anywhere(drawn: dict[str, str], kind: str) -> None:
    svg = drawn[kind]
    root = parse(svg)
    assert not [e.tag for e in root.iter() if "style" in e.attrib]
    assert not list(root.iter(f"{SVG}style"))
    assert "style=" not in svg and "<style" not in svg


@pytest.mark.parametrize("kind", DRAWERS)
def test_a_bare_svg_element_sized_by_css(drawn: dict[str, str], kind: str) -> None:
    svg = drawn[kind]
    root = parse(svg)
    assert svg.startswith("<svg ") and "<?xml" not in svg and "DOCTYPE" not in svg
    assert not list(root.iter(f"{SVG}metadata"))
    assert "width" not in root.attrib and "height" not in root.attrib
    assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", root.get("viewBox", ""))
    assert root.get("class") == "picture" and root.get("role") == "img"
    # matplotlib's `*{...}` defaults now live on the root, where they are inherited.
    assert root.get("stroke-linejoin") == "round"
    assert root.get("stroke-linecap") == "butt"


@pytest.mark.parametrize("kind", DRAWERS)
def test_named_for_screen_readers(drawn: dict[str, str], kind: str) -> None:
    root = parse(drawn[kind])
    by_id = {e.get("id"): e for e in root.iter() if e.get("id")}
    named = [by_id[i] for i in root.get("aria-labelledby", "").split()]
    assert [e.tag for e in named] == [f"{SVG}title", f"{SVG}desc"]
    assert all((e.text or "").strip() for e in named)
    assert list(root)[:2] == named


@pytest.mark.parametrize("kind", DRAWERS)
def test_ids_carry_the_name_and_references_resolve(
    drawn: dict[str, str], kind: str
) -> None:
    root = parse(drawn[kind])
    ids = [e.get("id", "") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    # The page's headings may be called "gap-map": the picture itself has no id.
    assert "id" not in root.attrib
    # Only the data ids stay plain, and they differ from one kind to the next.
    plain = {i.split("-")[0] for i in ids if not i.startswith(f"{kind}-")}
    assert plain == set(DATA_IDS.get(kind, []))
    wanted = [
        ref
        for e in root.iter()
        for key, value in e.attrib.items()
        for ref in (
            [value[1:]] if key == XLINK_HREF and value.startswith("#") else []
        ) + REFERENCE.findall(value)
    ]  # fmt: skip
    assert set(wanted) <= set(ids)


def test_two_pictures_on_one_page_share_no_ids(drawn: dict[str, str]) -> None:
    twins = [draw_funnel(stages(), name=f"funnel-{n}") for n in (1, 2)]
    pictures = [*drawn.values(), *twins]
    seen: list[str] = []
    for svg in pictures:
        seen += [e.get("id", "") for e in parse(svg).iter() if e.get("id")]
    assert len(seen) == len(set(seen))


def _figure_with_links(*urls: str) -> Figure:
    fig = Figure(figsize=(2, 1))
    ax = fig.add_subplot()
    for i, url in enumerate(urls):
        (line,) = ax.plot([i], [i], "o")
        line.set_url(url)
        ax.text(i, i, f"label {i}", url=url)
    return fig


def test_links_stay_local_and_in_the_same_tab() -> None:
    hostile = [
        "https://example.org/",
        "//example.org/",
        "/\\example.org",
        "/\t/example.org",
        "javascript:alert(1)",
        "data:text/html,hi",
    ]
    svg = figure_to_svg(_figure_with_links("/needs/1?a=1&b=2", *hostile), "t", "T")
    assert links(svg) == ["/needs/1?a=1&b=2"] * 2  # the marker and its label
    assert "target" not in svg and "_blank" not in svg
    assert "example.org" not in svg and "javascript" not in svg


def test_a_declaration_without_an_attribute_is_refused() -> None:
    root = ET.Element(f"{SVG}svg")
    ET.SubElement(root, f"{SVG}path", style="fill: red; mix-blend-mode: multiply")
    with pytest.raises(ValueError, match="mix-blend-mode"):
        svg_module._styles_to_attributes(root, {})


def test_defaults_reach_children_of_elements_that_set_their_own() -> None:
    """``*{stroke-linecap: butt}`` applied to each element, not by inheritance."""
    root = ET.Element(f"{SVG}svg")
    group = ET.SubElement(root, f"{SVG}g", style="stroke-linecap: square")
    plain = ET.SubElement(group, f"{SVG}path")
    own = ET.SubElement(group, f"{SVG}path", style="stroke-linecap: round")
    svg_module._styles_to_attributes(root, {"stroke-linecap": "butt"})
    assert group.get("stroke-linecap") == "square"
    assert plain.get("stroke-linecap") == "butt"
    assert own.get("stroke-linecap") == "round"


@pytest.mark.parametrize("name", ["", "Gap map", "1st", "a_b", "x\n"])
def test_a_name_must_be_fit_for_ids(name: str) -> None:
    with pytest.raises(ValueError, match="picture name"):
        figure_to_svg(Figure(), name, "T")


@pytest.mark.parametrize("kind", [k for k in DRAWERS if k != "empty"])
def test_the_same_input_gives_the_same_bytes(drawn: dict[str, str], kind: str) -> None:
    assert DRAWERS[kind]() == drawn[kind]


def test_text_stays_text_and_global_settings_are_left_alone() -> None:
    before = dict(matplotlib.rcParams)
    svg = draw_gap_map(gap_grid())
    assert "Country 0" in texts(svg)
    assert "DejaVuSans-" not in svg  # no glyphs drawn as paths
    assert dict(matplotlib.rcParams) == before


def test_threads_drawing_at_once_get_what_one_thread_gets() -> None:
    expected = [draw_funnel(stages(), name=f"f-{i}") for i in range(4)]
    got: dict[int, str] = {}

    def draw(i: int) -> None:
        got[i] = draw_funnel(stages(), name=f"f-{i}")

    threads = [threading.Thread(target=draw, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [got[i] for i in range(4)] == expected


def test_the_same_bytes_in_another_process() -> None:
    """Nothing rests on hash order or time: a fresh process, another hash seed."""
    script = (
        "from matchmaker.pictures import draw_network\n"
        "from tests.pictures import network\n"
        "print(draw_network(network(needs=12, offers=9, edges=30)), end='')"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.stdout == draw_network(network(needs=12, offers=9, edges=30))


@pytest.mark.parametrize(
    "draw",
    [
        lambda: draw_gap_map(
            GapGrid([("A", "A")], [("", "")], [GapCell("A", "", 1, 0, 0)] * 2)
        ),
        lambda: draw_network(Network([NetworkNode("n", NodeKind.NEED, "N")] * 2, [])),
    ],
    ids=["cells", "nodes"],
)
def test_input_that_would_repeat_an_id_is_refused(draw: Callable[[], str]) -> None:
    with pytest.raises(ValueError, match="more than once"):
        draw()

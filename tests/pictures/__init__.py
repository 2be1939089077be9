"""Shapes to draw and ways to read the SVG back, shared by the picture tests.

The pictures are pure, so these tests need no database: the shapes are built here
with plain functions and keyword defaults, as the services would build them.
"""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET

from matchmaker.pictures.shapes import (
    EdgeKind,
    FunnelStage,
    GapCell,
    GapGrid,
    Landscape,
    MonthCount,
    Network,
    NetworkEdge,
    NetworkNode,
    NodeKind,
    SupplyCell,
)

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"

# What officials might type, and what an attacker would.
HOSTILE = [
    "Price $5 to $10 and $x^2$",
    "C:\\path\\to\\lab \\alpha",
    "<script>alert(1)</script>",
    "Research & Development <b>bold</b>",
    "\"double\" and 'single' quotes",
    "{{7*7}} {% if %}",
    "Vaccines 💉🧬 for all",
    "Лаборатория биобезопасности",
    "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3,
    "control\x00\x07\x1bcharacters\ud800",
    "مختبر السلامة الحيوية",
    "",
]


def parse(svg: str) -> ET.Element:
    """The SVG as a tree; fails when it is not well-formed XML."""
    return ET.fromstring(svg)


def ids_starting(svg: str, prefix: str) -> list[str]:
    """The ids in ``svg`` that start with ``prefix``, in document order."""
    ids = [e.get("id") or "" for e in parse(svg).iter()]
    return [i for i in ids if i and i.startswith(prefix)]


def links(svg: str) -> list[str]:
    return [a.get(XLINK_HREF, "") for a in parse(svg).iter(f"{SVG}a")]


def texts(svg: str) -> list[str]:
    return [t.text or "" for t in parse(svg).iter(f"{SVG}text")]


def gap_grid(
    rows: int = 4, columns: int = 3, fill: float = 0.7, seed: int = 1, link: bool = True
) -> GapGrid:
    """A grid with about ``fill`` of its cells holding needs; the first column is
    "no category"."""
    rnd = random.Random(seed)
    countries = [(f"C{i:02d}", f"Country {i}") for i in range(rows)]
    categories = [(f"cat-{j}" if j else "", f"Category {j}") for j in range(columns)]
    cells = [
        GapCell(
            code,
            slug,
            rnd.randint(0, 3),
            rnd.randint(0, 3),
            rnd.randint(0, 20),
            link=f"/needs?country={code}&category={slug}" if link else "",
        )  # fmt: skip
        for code, _ in countries
        for slug, _ in categories
        if rnd.random() < fill
    ]
    return GapGrid(countries, categories, cells)


def landscape(rows: int = 3, columns: int = 3, seed: int = 2) -> Landscape:
    rnd = random.Random(seed)
    groups = [(f"G{i}", f"Group {i}") for i in range(rows)]
    types = [(f"type-{j}", f"Support type {j}") for j in range(columns)]
    cells = [
        SupplyCell(g, t, rnd.randint(0, 9), rnd.randint(0, 3), rnd.randint(0, 9))
        for g, _ in groups
        for t, _ in types
        if (g, t) != ("G0", "type-0")  # one empty combination
    ]
    return Landscape(groups, types, cells)


def network(needs: int = 5, offers: int = 4, edges: int = 8, seed: int = 3) -> Network:
    """Needs linked to their pages, offers without links, random edges of each kind."""
    rnd = random.Random(seed)
    nodes = [
        NetworkNode(f"need-{i}", NodeKind.NEED, f"Need {i}", link=f"/needs/{i}")
        for i in range(needs)
    ] + [NetworkNode(f"offer-{j}", NodeKind.OFFER, f"Offer {j}") for j in range(offers)]
    kinds = list(EdgeKind)
    joined = [
        NetworkEdge(
            f"need-{rnd.randrange(needs)}",
            f"offer-{rnd.randrange(offers)}",
            kinds[k % len(kinds)],
            score=rnd.random(),
        )  # fmt: skip
        for k in range(edges)
    ]
    return Network(nodes, joined)


def months(count: int = 6) -> list[MonthCount]:
    return [
        MonthCount(f"{2025 + (m + 9) // 12}-{(m + 9) % 12 + 1:02d}", m * 2, m)
        for m in range(count)
    ]


def stages() -> list[FunnelStage]:
    return [
        FunnelStage("suggested", "Suggested", 120, 3.5),
        FunnelStage("accepted", "Accepted", 64, 1.0),
        FunnelStage("introduced", "Introduced", 40, 21),
        FunnelStage("agreed", "Agreed", 18, None),
        FunnelStage("completed", "Completed", 9),
    ]


def attribute_values(svg: str) -> list[str]:
    return [value for e in parse(svg).iter() for value in e.attrib.values()]


REFERENCE = re.compile(r"url\(#([^)]+)\)")

"""From a matplotlib figure to an SVG string a page can put inline.

Pages are served with ``style-src 'self'``, so the SVG may carry no ``style``
attribute and no ``<style>`` element: matplotlib's CSS declarations become the
equivalent SVG presentation attributes, which render the same and which the policy
allows. The rest makes several pictures safe on one page: ids carry the picture's
name (except the data ids a drawer keeps plain, such as ``cell-NPL-vaccines``, which
differ from one kind of picture to the next), links lead only to local paths and open
in the same tab, sizes come from CSS (only the ``viewBox`` stays), and a
``<title>``/``<desc>`` pair names the picture for screen readers.

Drawing goes through :func:`drawing`, which holds a lock while matplotlib's global
settings are changed: ``rc_context`` and ``warnings.catch_warnings`` both change
process-wide state, so two threads must not draw at once.
"""

from __future__ import annotations

import io
import re
import threading
import warnings
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib
from matplotlib.figure import Figure
from matplotlib.typing import RcKeyType

from .palette import GREY, LABEL_SIZE, clean_text

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
HREF = f"{{{XLINK_NS}}}href"

# The CSS properties SVG also accepts as attributes (SVG 1.1 §M.2, SVG 2 §6.6).
PRESENTATION_ATTRIBUTES = frozenset(
    """alignment-baseline baseline-shift clip clip-path clip-rule color
    color-interpolation color-interpolation-filters color-rendering cursor direction
    display dominant-baseline fill fill-opacity fill-rule filter flood-color
    flood-opacity font-family font-size font-size-adjust font-stretch font-style
    font-variant font-weight image-rendering letter-spacing lighting-color
    marker-end marker-mid marker-start mask opacity overflow paint-order
    pointer-events shape-rendering stop-color stop-opacity stroke stroke-dasharray
    stroke-dashoffset stroke-linecap stroke-linejoin stroke-miterlimit
    stroke-opacity stroke-width text-anchor text-decoration text-rendering
    unicode-bidi visibility word-spacing writing-mode""".split()
)
# Declarations that change nothing an official would see; none is known today.
HARMLESS: frozenset[str] = frozenset()
# Nothing a drawer makes should contain these; finding one means a bug upstream.
FORBIDDEN_TAGS = frozenset({"script", "foreignObject", "image", "iframe", "style"})

NAME = re.compile(r"[a-z][a-z0-9-]*\Z")
GID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
NO_ROTATION = re.compile(r"rotate\(-?0 [-\d.e]+ [-\d.e]+\)")
# A path on this site: one slash, then no slash or backslash (``//host`` and
# ``/\host`` lead elsewhere), and no space or control character (browsers drop tabs
# and newlines from URLs, so ``/<tab>/host`` would also lead elsewhere).
LOCAL_HREF = re.compile(r"/(?![/\\])[^\x00-\x20\x7f\\]*\Z")
URL_REF = re.compile(r"url\(#([^)]+)\)")
MISSING_GLYPH = r"Glyph \d+ .*missing from font"

_LOCK = threading.RLock()


def gid(*parts: str) -> str:
    """An artist id from its parts, e.g. ``gid("cell", "NPL", "")`` is
    ``cell-NPL-none``; characters an id should not hold become ``_``."""
    return "-".join(GID_UNSAFE.sub("_", part) if part else "none" for part in parts)


def data_prefix(name: str, default: str) -> str:
    """What goes before a drawer's data ids: nothing under its default name, so a
    page finds ``cell-NPL-vaccines``; the name otherwise, so two pictures of one
    kind can share a page."""
    return "" if name == default else f"{name}-"


def check_unique(keys: Iterable[str], what: str) -> None:
    """Refuse input that would give two artists one id (a page needs unique ids)."""
    twice = [key for key, count in Counter(keys).items() if count > 1]
    if twice:
        raise ValueError(f"{what} given more than once: {', '.join(sorted(twice))}")


@contextmanager
def drawing(name: str) -> Iterator[None]:
    """Where a picture is drawn and saved: text never mathtext, text kept as text,
    ids salted with the picture's name, missing-glyph warnings silenced (the
    browser draws the text with its own fonts)."""
    if not NAME.match(name):
        raise ValueError(f"picture name {name!r} is not lower-case-with-hyphens")
    settings: dict[RcKeyType, Any] = {
        "text.parse_math": False,
        "text.usetex": False,
        "svg.fonttype": "none",
        "svg.hashsalt": name,
        "svg.id": None,
        "font.family": "sans-serif",
        "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"],
        "font.size": LABEL_SIZE,
        "axes.titlesize": LABEL_SIZE,
        "axes.labelsize": LABEL_SIZE,
        "legend.fontsize": LABEL_SIZE - 1,
    }
    with _LOCK, matplotlib.rc_context(settings), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=MISSING_GLYPH, category=UserWarning)
        yield


def figure_to_svg(
    fig: Figure,
    name: str,
    title: str,
    description: str = "",
    *,
    keep_ids: Collection[str] = (),
    click_through: Collection[str] = (),
    crop: bool = True,
) -> str:
    """The figure as inline SVG without inline styles; see the module docstring.

    Args:
        fig: the drawn figure.
        name: the picture's name, lower-case with hyphens; prefixes every id but
            those in ``keep_ids``.
        title: what the picture shows, for the ``<title>``.
        description: the picture in a sentence or two, for the ``<desc>``.
        keep_ids: gids of the artists that stand for data (cells, nodes, bars),
            kept as they are so that pages and tests can find them.
        click_through: gids of artists (labels over linked cells) that let clicks
            pass to what lies beneath them.
        crop: trim the picture to what is drawn; off, the figure keeps its size.
    """
    buffer = io.StringIO()
    with drawing(name):
        fig.savefig(
            buffer,
            format="svg",
            metadata={"Date": None},
            bbox_inches="tight" if crop else None,
            pad_inches=0.05,
        )
    root = ET.fromstring(buffer.getvalue())
    defaults = _drop_metadata_and_style(root)
    _reject_forbidden(root)
    _styles_to_attributes(root, defaults)
    _keep_local_links(root)
    _prefix_ids(root, name, set(keep_ids))
    passive = {f"{name}-{g}" for g in click_through}
    for element in root.iter():
        if element.get("id") in passive:
            element.set("pointer-events", "none")
    _tidy(root)
    _hoist_font_family(root)
    _label(root, name, clean_text(title), clean_text(description), defaults)
    return _serialise(root)


def message_picture(name: str, title: str, message: str) -> str:
    """A small picture holding only ``message``: what shows when there is nothing to
    draw, so a page keeps its shape and says why. Not cropped: scaled to the page's
    width, a picture of the words alone would show them huge."""
    with drawing(name):
        fig = Figure(figsize=(8.0, 0.6))
        fig.text(
            0.5, 0.5, clean_text(message), ha="center", va="center", color=GREY,
            gid="nothing-to-show",
        )  # fmt: skip
        return figure_to_svg(fig, name, title, message, crop=False)


def _serialise(root: ET.Element) -> str:
    """Plain ``<svg>`` and ``xlink:href``, not ``ns0:``: ElementTree's prefixes are
    process-wide, so they are set again each time under the lock."""
    with _LOCK:
        ET.register_namespace("", SVG_NS)
        ET.register_namespace("xlink", XLINK_NS)
        return ET.tostring(root, encoding="unicode")


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _declarations(css: str) -> dict[str, str]:
    pairs = (item.partition(":") for item in css.split(";") if item.strip())
    return {key.strip(): value.strip() for key, _, value in pairs}


def _drop_metadata_and_style(root: ET.Element) -> dict[str, str]:
    """Remove ``<metadata>`` and the ``<style>`` in defs; return that style's
    ``*{...}`` declarations to put on the root instead."""
    defaults: dict[str, str] = {}
    for parent in list(root.iter()):
        for child in list(parent):
            tag = _local(child.tag)
            if tag == "style":
                css = (child.text or "").strip()
                if not (css.startswith("*{") and css.endswith("}")):
                    raise ValueError(f"unexpected style sheet in picture: {css!r}")
                defaults.update(_declarations(css[2:-1]))
            if tag in ("metadata", "style"):
                parent.remove(child)
    for parent in list(root.iter()):
        for child in list(parent):
            if _local(child.tag) == "defs" and len(child) == 0:
                parent.remove(child)
    return defaults


def _reject_forbidden(root: ET.Element) -> None:
    for element in root.iter():
        if _local(element.tag) in FORBIDDEN_TAGS:
            raise ValueError(f"picture holds a <{_local(element.tag)}> element")


def _styles_to_attributes(root: ET.Element, defaults: dict[str, str]) -> None:
    """Each ``style`` declaration becomes the presentation attribute of that name.

    ``*{...}`` gave every element the defaults; on the root they are inherited
    instead, so below an element that sets its own, children get them explicitly.
    """
    for element in root.iter():
        css = element.attrib.pop("style", None)
        if css is None:
            continue
        for key, value in _declarations(css).items():
            if key in PRESENTATION_ATTRIBUTES:
                element.set(key, value)
            elif key not in HARMLESS:
                raise ValueError(f"no SVG attribute for CSS {key!r}: {value!r}")
        for key, value in defaults.items():
            if key in element.attrib:
                for child in element:
                    child.attrib.setdefault(key, value)  # its own style overrides


def _keep_local_links(root: ET.Element) -> None:
    """Links open in the same tab and lead only to local paths; others are unlinked."""
    for element in root.iter(f"{{{SVG_NS}}}a"):
        element.attrib.pop("target", None)
        href = element.get(HREF) or element.get("href") or ""
        if not LOCAL_HREF.match(href):
            element.tag = f"{{{SVG_NS}}}g"
            element.attrib.pop(HREF, None)
            element.attrib.pop("href", None)


def _prefix_ids(root: ET.Element, name: str, keep: set[str]) -> None:
    """Every id but those kept, and every reference to one, gets the picture's name
    in front."""
    ids = {
        old: old if old in keep else f"{name}-{old}"
        for old in (e.get("id") for e in root.iter())
        if old
    }

    def renamed(match: re.Match[str]) -> str:
        return f"url(#{ids.get(match[1], match[1])})"

    for element in root.iter():
        for key, value in list(element.attrib.items()):
            if key == "id":
                element.set(key, ids[value])
            elif key in (HREF, "href") and value.startswith("#") and value[1:] in ids:
                element.set(key, "#" + ids[value[1:]])
            elif "url(#" in value:
                element.set(key, URL_REF.sub(renamed, value))


def _tidy(root: ET.Element) -> None:
    """Paths on one line (matplotlib breaks them, and ElementTree would write each
    break as ``&#10;``), no rotations by zero degrees."""
    for element in root.iter():
        if "d" in element.attrib:
            element.set("d", " ".join(element.attrib["d"].split()))
        if NO_ROTATION.fullmatch(element.get("transform", "")):
            del element.attrib["transform"]


def _hoist_font_family(root: ET.Element) -> None:
    """Say the font list once on the root, not on each of hundreds of labels."""
    families = Counter(
        e.get("font-family") for e in root.iter() if e.get("font-family")
    )
    if not families:
        return
    common = families.most_common(1)[0][0]
    for element in root.iter():
        if element.get("font-family") == common:
            del element.attrib["font-family"]
    root.set("font-family", str(common))


def _label(
    root: ET.Element, name: str, title: str, description: str, defaults: dict[str, str]
) -> None:
    """Sized by CSS, named for screen readers, and carrying the old style defaults."""
    for key in ("width", "height"):
        root.attrib.pop(key, None)
    for key, value in defaults.items():
        if key not in PRESENTATION_ATTRIBUTES:
            raise ValueError(f"no SVG attribute for CSS {key!r}: {value!r}")
        root.set(key, value)
    root.set("class", "picture")  # no id: pages use "gap-map" for their headings
    root.set("role", "img")
    labels = [f"{name}-title"]
    heading = ET.Element(f"{{{SVG_NS}}}title", {"id": f"{name}-title"})
    heading.text = title
    children = [heading]
    if description:
        desc = ET.Element(f"{{{SVG_NS}}}desc", {"id": f"{name}-desc"})
        desc.text = description
        children.append(desc)
        labels.append(f"{name}-desc")
    root.set("aria-labelledby", " ".join(labels))
    for index, child in enumerate(children):
        root.insert(index, child)

"""Route × role entries for the region's pictures, country pages and the report.

Staff see everything. Focal points see the regional picture in counts (gap map,
landscape, progress) and their own country's page — another country's page is 404
to them. Partners see the landscape, limited to the countries their offers reach.
The network and the regional cooperation page name needs and suggestions, so they
are staff pages; so is the meeting report. See ``matchmaker/policy/region.py``.
"""

from __future__ import annotations

from tests.access.cases import SIGNED_IN, STAFF, RouteCase

FOCAL = frozenset({"focal_a", "focal_b"})

REGION_CASES: tuple[RouteCase, ...] = (
    RouteCase("region.index", "GET", "/region/", SIGNED_IN),
    RouteCase("region.gap_map", "GET", "/region/gaps", FOCAL | STAFF),
    RouteCase(
        "region.gap_map_csv",
        "GET",
        "/region/gaps.csv?measure=all&sub_region=south-south-west-asia",
        FOCAL | STAFF,
    ),
    RouteCase("region.landscape", "GET", "/region/landscape?by=country", SIGNED_IN),
    RouteCase("region.landscape_csv", "GET", "/region/landscape.csv", SIGNED_IN),
    RouteCase("region.network", "GET", "/region/network", STAFF),
    RouteCase("region.regional", "GET", "/region/cooperation", STAFF),
    RouteCase("region.progress", "GET", "/region/progress", FOCAL | STAFF),
    RouteCase("region.progress_csv", "GET", "/region/progress.csv", FOCAL | STAFF),
    RouteCase("countries.index", "GET", "/countries/", STAFF),
    RouteCase(
        "countries.detail",
        "GET",
        "/countries/BGD",
        frozenset({"focal_b"}) | STAFF,
        note="focal_a (Nepal) gets 404, as for another country's need",
    ),
    RouteCase("report.show", "GET", "/region/report/?support_type=", STAFF),
    RouteCase("report.pdf", "GET", "/region/report/pdf", STAFF),
)

"""API: exports for aid databases (IATI activities of completed pairings)."""

from __future__ import annotations

from flask import Response
from flask_login import current_user

from matchmaker.api.blueprint import Blueprint
from matchmaker.policy import SIGNED_IN, allow
from matchmaker.services import iati_export

bp = Blueprint(
    "api_exports",
    __name__,
    url_prefix="/api/v1/exports",
    description="Exports for aid databases.",
)


@bp.route("/iati-activities.xml", methods=["GET"])
@allow(SIGNED_IN)
@bp.doc(
    responses={
        "200": {
            "description": "An IATI 2.03 iati-activities document.",
            "content": {"application/xml": {"schema": {"type": "string"}}},
        }
    }
)
def iati_activities() -> Response:
    """Completed pairings the caller may see, as IATI activities (XML)."""
    body = iati_export.activities_xml(current_user)
    response = Response(body, mimetype="application/xml")
    response.headers["Content-Disposition"] = (
        'attachment; filename="matchmaker-iati-activities.xml"'
    )
    return response

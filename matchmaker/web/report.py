"""The meeting report, as a page with a print style sheet and as a PDF.

Both come from one template body and one ``meeting_report.Report``; the PDF is made
on the server by WeasyPrint (``matchmaker.pdf``), which reads only the package's own
style sheet, so the printed report looks the same wherever it is opened.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
)
from flask_login import current_user
from markupsafe import Markup

from matchmaker import pictures, policy
from matchmaker.forms.region import report_form
from matchmaker.models import Role, User
from matchmaker.policy import allow, deny, role_in
from matchmaker.services import meeting_report
from matchmaker.services.meeting_report import Report, Scope

bp = Blueprint("report", __name__, url_prefix="/region/report")

STAFF = role_in(Role.FACILITATOR, Role.ADMIN)
PRINT_STYLESHEET = "report.css"
NO_PDF = (
    "The PDF cannot be made on this server at the moment. Print the report page "
    "instead (your browser can save it as a PDF), and tell the service's "
    "administrator."
)
logger = logging.getLogger(__name__)


def _user() -> User:
    return current_user._get_current_object()


def _report() -> tuple[Any, Report, dict[str, Markup | None]]:
    """The report for the choices in the address, its pictures drawn, and the form."""
    form = report_form(request.args)
    scope = Scope(
        sub_region=form.value("sub_region"),
        category=form.value("category"),
        support_type=form.value("support_type"),
    )
    report = meeting_report.build(scope, form.used())
    drawn = {
        "gap_map": Markup(pictures.draw_gap_map(report.gap_grid))  # noqa: S704
        if report.gap_grid.cells
        else None,
        "landscape": Markup(pictures.draw_landscape(report.landscape))  # noqa: S704
        if report.landscape.cells
        else None,
    }
    return form, report, drawn


@bp.get("/")
@allow(STAFF)
def show() -> str | Response:
    """The report as a page: choose its scope, read it, print it or get the PDF."""
    if not policy.can_view_report(_user()):
        return deny()
    form, report, drawn = _report()
    return render_template(
        "report/page.html",
        form=form,
        report=report,
        drawn=drawn,
    )


@bp.get("/pdf")
@allow(STAFF)
def pdf() -> Response:
    """The same report as a PDF file made on the server."""
    if not policy.can_view_report(_user()):
        return deny()
    from matchmaker.pdf import PdfUnavailable, html_to_pdf

    _, report, drawn = _report()
    html = render_template("report/document.html", report=report, drawn=drawn)
    css = Path(current_app.static_folder or "", PRINT_STYLESHEET).read_text()
    try:
        document = html_to_pdf(html, stylesheets=[css])
    except PdfUnavailable:
        logger.exception("the meeting report's PDF could not be made")
        abort(503, description=NO_PDF)
    day = report.made_at.strftime("%Y-%m-%d")
    return Response(
        document,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="meeting-report-{day}.pdf"'
        },
    )

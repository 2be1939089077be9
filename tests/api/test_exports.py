"""The IATI export through the API: the same activities the service writes."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from matchmaker.models import Role


def test_iati_export_is_an_xml_attachment(api_as) -> None:
    api = api_as(Role.FACILITATOR)
    response = api.get("/api/v1/exports/iati-activities.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/xml"
    assert "attachment" in response.headers["Content-Disposition"]
    root = ET.fromstring(response.data)
    assert root.tag == "iati-activities"
    assert root.get("version") == "2.03"


def test_iati_export_is_documented_as_xml(client) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/api/v1/exports/iati-activities.xml"]["get"]
    assert "application/xml" in operation["responses"]["200"]["content"]

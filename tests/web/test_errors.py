"""One handler per kind of error: what a person sees when a service refuses."""

import json

import pytest

from board import create_app
from board.errors import Conflict, Forbidden, Invalid, NotFound


@pytest.fixture(scope="module")
def refusing_app(app):
    """An app with a route that raises the error its URL names, on the tests' database."""
    refusing = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "WTF_CSRF_ENABLED": False,
        }
    )
    errors = {
        "invalid": Invalid({"title": "Geef een titel.", "": "Het formulier klopt niet."}),
        "conflict": Conflict(),
        "taken": Conflict(message="Anna neemt dit al mee."),
        "forbidden": Forbidden(),
        "missing": NotFound(),
    }

    @refusing.post("/refuse/<kind>")
    def refuse(kind):
        raise errors[kind]

    yield refusing


@pytest.mark.parametrize(
    "kind, status, says",
    [
        ("invalid", 422, "Geef een titel. Het formulier klopt niet."),
        ("conflict", 409, "Iemand anders heeft dit intussen veranderd."),
        ("taken", 409, "Anna neemt dit al mee."),
        ("forbidden", 403, "Met jouw rol in deze coalitie kan dit niet."),
        ("missing", 404, "Deze pagina bestaat niet"),
    ],
)
def test_a_refusal_is_a_page_that_says_why(refusing_app, kind, status, says):
    response = refusing_app.test_client().post(f"/refuse/{kind}")
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert page.startswith("<!doctype html>")
    assert says in page


@pytest.mark.parametrize(
    "kind, status, says",
    [
        ("invalid", 422, "Geef een titel. Het formulier klopt niet."),
        ("taken", 409, "Anna neemt dit al mee."),
    ],
)
def test_htmx_keeps_the_page_and_hears_why(refusing_app, kind, status, says):
    response = refusing_app.test_client().post(f"/refuse/{kind}", headers={"HX-Request": "true"})
    assert response.status_code == status
    assert response.headers["HX-Reswap"] == "none"
    announced = json.loads(response.headers["HX-Trigger-After-Settle"])
    assert announced["announce"]["message"] == says
    assert "<html" not in response.get_data(as_text=True)

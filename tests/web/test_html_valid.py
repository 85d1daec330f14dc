"""Every page is valid HTML: the main pages of every capability, as the people who use them
see them in the demo, pass the W3C Nu HTML checker (vnu.jar from npm, run by Java). Only the
htmx attributes (hx-*) are let through: the checker does not know them."""

import json
import re
import subprocess
from pathlib import Path

from sqlalchemy import select

from board import clock
from board.extensions import db
from board.mail.notices import off_token
from board.models import (
    Activity,
    Coalition,
    Idea,
    Initiative,
    IntervisionSession,
    PulseWave,
    User,
    VotingRound,
)
from tests.conftest import BoardClient

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LET_THROUGH = re.compile(r"^Attribute “hx-[a-z-]+” not allowed on element")


def _first(model, slug: str, *where):
    coalition = db.session.scalar(select(Coalition.id).where(Coalition.slug == slug))
    return db.session.scalar(
        select(model.id).where(model.coalition_id == coalition, *where).order_by(model.id)
    )


def _pages(app) -> dict[str, list[str]]:
    """The pages to check, by the demo account that opens them."""
    with app.app_context():
        card = _first(Initiative, "utrecht", Initiative.archived_at.is_(None))
        idea = _first(Idea, "utrecht")
        merged = _first(Idea, "utrecht", Idea.status == "merged")
        kept = db.session.scalar(select(Idea.merged_into_id).where(Idea.id == merged))
        voting = _first(VotingRound, "utrecht")
        activity = _first(Activity, "utrecht", Activity.cancelled_at.is_(None))
        planned = _first(IntervisionSession, "voorst", IntervisionSession.state == "planned")
        held = _first(IntervisionSession, "voorst", IntervisionSession.state == "closed")
        wave = _first(PulseWave, "utrecht", PulseWave.closes_at > clock.now())
        past = _first(PulseWave, "utrecht", PulseWave.closes_at <= clock.now())
        resident = db.session.scalar(select(User.id).where(User.email == "bewoner@voorst.example"))
        mail_off = f"/mail/off/{off_token(resident, 'rounds')}"
    utrecht = "/c/utrecht"
    return {
        "coordinator@utrecht.example": [
            f"{utrecht}/",
            f"{utrecht}/board",
            f"{utrecht}/initiatives/{card}",
            f"{utrecht}/initiatives/{card}/move",
            f"{utrecht}/archive",
            f"{utrecht}/ideas",
            f"{utrecht}/ideas/new",
            f"{utrecht}/ideas/{idea}",
            f"{utrecht}/ideas/{merged}",
            f"{utrecht}/ideas/{kept}",
            f"{utrecht}/ideas/rounds/new",
            f"{utrecht}/ideas/rounds/{voting}",
            f"{utrecht}/activities",
            f"{utrecht}/activities/month",
            f"{utrecht}/activities/new",
            f"{utrecht}/activities/{activity}",
            f"{utrecht}/activities/{activity}/edit",
            f"{utrecht}/members",
            f"{utrecht}/settings",
            f"{utrecht}/intervision",
            f"{utrecht}/intervision/new",
            f"{utrecht}/intervision/new?method=incident",
            f"{utrecht}/intervision/overview",
            f"{utrecht}/pulse",
            f"{utrecht}/pulse/{past}",
            *(f"{utrecht}/pulse/{wave}/answer?step={step}" for step in (0, 8, 9)),
            f"{utrecht}/pulse/{wave}/review",
            "/calendar",
            "/account",
            "/account/delete",  # asked to hand over first
        ],
        "bewoner@voorst.example": [
            "/account/delete",
            "/c/voorst/",
            "/c/voorst/intervision",
            f"/c/voorst/intervision/{planned}",
            f"/c/voorst/intervision/{held}",
            "/c/voorst/pulse",
        ],
        "programma@buurtbord.example": ["/", f"{utrecht}/board", f"{utrecht}/pulse", "/programme"],
        "admin@buurtbord.example": ["/admin/coalitions", "/admin/pulse"],
        "": ["/login", "/forgot", mail_off],
    }


def test_every_page_passes_the_nu_html_checker(app, demo_readonly, tmp_path):
    files = {}
    for email, paths in _pages(app).items():
        client = BoardClient(app)
        if email:
            client.login(email, "samenwerken")
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, (email, path, response.status_code)
            name = tmp_path / f"page{len(files)}.html"
            name.write_bytes(response.get_data())
            files[name.name] = f"{email or 'anonymous'} {path}"
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            *map(str, tmp_path.glob("*.html")),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    wrong = [
        f"{files.get(Path(m.get('url', '')).name)}: line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if not LET_THROUGH.match(m["message"])
    ]
    assert len(files) > 25
    assert not wrong, "\n".join(wrong)

"""The programme's report: the programme viewer sees the five coalitions side by side and
prints the page; Chromium makes an A4 PDF of it, whose first page is kept as a picture among the
test results, and whose text holds nothing confidential."""

import pypdfium2 as pdfium
from playwright.sync_api import expect
from sqlalchemy import select

from board.extensions import db
from board.models import IntervisionKeepsake, LearningPoint
from tests.browser.conftest import RESULTS, login

COALITIONS = (
    "Apeldoorn Zuid",
    "Horst aan de Maas – Westenwind",
    "Utrecht Zuilen",
    "Voorst",
    "Wageningen De Nude",
)
A4 = (595, 842)  # points


def test_the_programme_prints_as_an_a4_report(browser, base_url, app, demo_readonly):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    login(page, base_url, "programma@buurtbord.example")
    page.goto(base_url + "/programme?period=half")
    expect(page.get_by_role("heading", name="Het programma", level=1)).to_be_visible()
    for name in COALITIONS:
        expect(page.get_by_role("heading", name=name, level=2)).to_be_visible()
        expect(page.get_by_role("rowheader", name=name)).to_be_visible()
    expect(page.get_by_role("button", name="Print het verslag")).to_be_visible()
    # Printed, the page drops what belongs to the screen.
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Print het verslag")).to_be_hidden()
    expect(page.get_by_text("Laatste zes maanden:", exact=False)).to_be_visible()
    RESULTS.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(format="A4", print_background=True, path=str(RESULTS / "programme-report.pdf"))
    document = pdfium.PdfDocument(pdf)
    assert 2 <= len(document) <= 12
    first = document[0]
    assert all(abs(side - a4) < 2 for side, a4 in zip(first.get_size(), A4, strict=True))
    picture = first.render(scale=1.5).to_pil().convert("L")
    picture.save(RESULTS / "programme-report-page1.png")
    inked = sum(picture.histogram()[:128])  # pixels darker than middle grey
    assert inked > picture.width * picture.height / 200  # text and a chart, not a blank page
    text = "\n".join(
        document[number].get_textpage().get_text_bounded() for number in range(len(document))
    )
    assert "Het programma" in text and all(name.split()[0] in text for name in COALITIONS)
    with app.app_context():
        points = db.session.execute(select(LearningPoint.body, LearningPoint.visibility)).all()
        keepsakes = db.session.scalars(select(IntervisionKeepsake)).all()
    flat = " ".join(text.split())
    shared = [" ".join(body.split()) for body, visibility in points if visibility == "programme"]
    private = [" ".join(body.split()) for body, visibility in points if visibility != "programme"]
    assert shared and any(body[:30] in flat for body in shared)
    assert not [body for body in private if body[:30] in flat]
    kept = [advice for k in keepsakes for advice in k.advice] + [k.next_step for k in keepsakes]
    assert not [words for words in kept if words and words[:30] in flat]

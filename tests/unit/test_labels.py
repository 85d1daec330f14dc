"""The words on a card say the number they count, in Dutch and in English."""

import pytest

from board.labels import CardLabels


@pytest.mark.parametrize(
    "language, counts",
    [
        ("nl", {1: "1 reactie", 2: "2 reacties", 3: "3 reacties", 4: "4 reacties"}),
        ("en", {1: "1 comment", 2: "2 comments", 3: "3 comments", 4: "4 comments"}),
    ],
)
def test_a_card_counts_its_comments(app, language, counts):
    with app.test_request_context(headers={"Cookie": f"lang={language}"}):
        labels = CardLabels()
        assert {count: labels.comments(count) for count in counts} == counts
        assert labels.progress(3, 4) in ("3 van 4", "3 of 4")

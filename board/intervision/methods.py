"""The intervision methods: their phases, minutes, group sizes, and what each phase asks.

A facilitator chooses one when planning; the minutes of a phase may change and phases may be
skipped, the rules of confidentiality never. Each phase says in one or two plain sentences what
to do now; some ask written input (typed alone, revealed to all at once), some are rounds in
which people take turns, in some the inbrenger only listens (and has a private notepad).
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

# Kinds of written input a phase may ask for.
WRITES = ("case", "question", "association", "advice", "core_statement")


@dataclass(frozen=True)
class Phase:
    """One step of a method."""

    name: object
    minutes: int
    instruction: object
    writes: str | None = None  # the kind of written input this phase asks for, if any
    round: bool = False  # people take turns: the page says whose turn it is
    inbrenger_listens: bool = False  # the inbrenger only listens, with a private notepad
    choose_inbrenger: bool = False  # the inbrenger and the case are chosen here
    next_step: bool = False  # the inbrenger marks useful advice and writes a next step


@dataclass(frozen=True)
class Method:
    """An intervision method as a facilitator chooses it."""

    key: str
    name: object
    good_for: object
    group: tuple[int, int]  # the group size it works best with
    phases: tuple[Phase, ...]

    @property
    def minutes(self) -> int:
        """How long the whole method takes as planned."""
        return sum(phase.minutes for phase in self.phases)


_CHOOSE = _l(
    "Everyone names a recent situation in one sentence. Together you choose one; its owner is the inbrenger and tells it briefly."
)
_NEXT = _l(
    "The inbrenger says which advice helps and writes down a next step. Everyone says briefly how the session went."
)

METHODS = {
    method.key: method
    for method in (
        Method(
            "incident",
            _l("Incident method"),
            _l(
                "Good for a concrete situation from recent days, when you want to learn from what happened."
            ),
            (4, 8),
            (
                Phase(
                    _l("Look back"),
                    5,
                    _l(
                        "Look back briefly on the last session: what did the inbrenger do with the advice?"
                    ),
                ),
                Phase(_l("Choose a situation"), 15, _CHOOSE, writes="case", choose_inbrenger=True),
                Phase(
                    _l("Silent questions"),
                    3,
                    _l(
                        "Write down, each on your own, the questions you would like to ask. Nobody asks them yet."
                    ),
                    writes="question",
                ),
                Phase(
                    _l("Questions about the facts"),
                    15,
                    _l(
                        "Take turns asking one question about the facts. The inbrenger answers briefly. No advice yet."
                    ),
                    round=True,
                ),
                Phase(
                    _l("Analysis without the inbrenger"),
                    10,
                    _l(
                        "Talk together about what you think is going on. The inbrenger only listens and may make notes."
                    ),
                    inbrenger_listens=True,
                ),
                Phase(
                    _l("Advice"),
                    10,
                    _l(
                        "Write your advice, one per note. When the facilitator shows them, everyone reads them. The inbrenger only listens and may make notes."
                    ),
                    writes="advice",
                    inbrenger_listens=True,
                ),
                Phase(_l("Evaluation and next step"), 10, _NEXT, next_step=True),
            ),
        ),
        Method(
            "gossip",
            _l("Gossip method"),
            _l("Good for a stuck situation, in a group that already feels safe together."),
            (4, 8),
            (
                Phase(_l("Introduction"), 5, _CHOOSE, writes="case", choose_inbrenger=True),
                Phase(
                    _l("Exploring"),
                    15,
                    _l("Ask questions to understand the situation. The inbrenger answers."),
                    round=True,
                ),
                Phase(
                    _l("Gossip round"),
                    15,
                    _l(
                        "Talk about the situation as if the inbrenger were not there. The inbrenger sits outside the circle, listens and may make notes."
                    ),
                    round=True,
                    inbrenger_listens=True,
                ),
                Phase(
                    _l("The inbrenger responds"),
                    15,
                    _l("The inbrenger says what struck them. The others listen."),
                ),
                Phase(_l("Evaluation"), 10, _NEXT, next_step=True),
            ),
        ),
        Method(
            "balint",
            _l("Balint method"),
            _l(
                "Good for a case that keeps bothering someone, when feelings matter as much as facts."
            ),
            (4, 8),
            (
                Phase(
                    _l("Cases in three sentences"),
                    10,
                    _l(
                        "Everyone who has a case tells it in three sentences. Together you choose one; its owner is the inbrenger."
                    ),
                    writes="case",
                    choose_inbrenger=True,
                ),
                Phase(
                    _l("The whole story"),
                    15,
                    _l(
                        "The inbrenger tells the whole case, also what they felt. The others listen."
                    ),
                ),
                Phase(
                    _l("First associations"),
                    10,
                    _l(
                        "Write down, each on your own, what comes up in you: images, feelings, first thoughts."
                    ),
                    writes="association",
                ),
                Phase(
                    _l("Clarifying questions"),
                    15,
                    _l(
                        "Take turns asking a question that makes the case clearer. The inbrenger answers."
                    ),
                    round=True,
                ),
                Phase(
                    _l("Advice, written alone"),
                    10,
                    _l("Write your advice, each on your own, one per note."),
                    writes="advice",
                ),
                Phase(
                    _l("Group discussion"),
                    15,
                    _l(
                        "Talk together about the advice. The inbrenger stays silent and may make notes."
                    ),
                    inbrenger_listens=True,
                ),
                Phase(_l("Decision and evaluation"), 15, _NEXT, next_step=True),
            ),
        ),
        Method(
            "topoi",
            _l("TOPOI"),
            _l(
                "Good for friction between residents and an organisation, when people misunderstand each other. It assumes good will on all sides."
            ),
            (3, 8),
            (
                Phase(_l("The case"), 10, _CHOOSE, writes="case", choose_inbrenger=True),
                Phase(
                    _l("Language"),
                    5,
                    _l(
                        "Round on language: which words does each side use, and what do they mean to them?"
                    ),
                    round=True,
                ),
                Phase(
                    _l("Ordering"),
                    5,
                    _l(
                        "Round on order: how does each side see the situation, and what comes first for them?"
                    ),
                    round=True,
                ),
                Phase(
                    _l("People"),
                    5,
                    _l(
                        "Round on people: who are involved, and how do they stand towards each other?"
                    ),
                    round=True,
                ),
                Phase(
                    _l("Organisation"),
                    5,
                    _l("Round on organisation: which rules, roles and habits play a part?"),
                    round=True,
                ),
                Phase(
                    _l("Commitment"),
                    5,
                    _l(
                        "Round on commitment: what does each one want, and what are they willing to do?"
                    ),
                    round=True,
                ),
                Phase(
                    _l("What now"),
                    15,
                    _l("Write what could be done now, one idea per note."),
                    writes="advice",
                ),
                Phase(_l("Evaluation"), 10, _NEXT, next_step=True),
            ),
        ),
        Method(
            "socratic",
            _l("Socratic dialogue"),
            _l(
                "Good for a question about values, such as “what is an equal say?”. No advice is given."
            ),
            (4, 8),
            (
                Phase(
                    _l("The question"),
                    10,
                    _l("Agree on the question you want to think about together."),
                ),
                Phase(
                    _l("One real example"),
                    15,
                    _l(
                        "Choose one real example from someone's own experience. Its owner tells it."
                    ),
                    writes="case",
                    choose_inbrenger=True,
                ),
                Phase(
                    _l("Understanding the example"),
                    20,
                    _l("Take turns asking questions until everyone understands the example well."),
                    round=True,
                ),
                Phase(
                    _l("The core"),
                    15,
                    _l("Write in one sentence what, for you, is the core of the example."),
                    writes="core_statement",
                ),
                Phase(
                    _l("Reasons"),
                    15,
                    _l(
                        "Take turns saying why you see it that way. Listen to each other's reasons."
                    ),
                    round=True,
                ),
                Phase(
                    _l("Your own answer"),
                    15,
                    _l("Write your own answer to the question, and the value behind it."),
                    writes="core_statement",
                ),
                Phase(
                    _l("Looking back"),
                    10,
                    _l("Look back on the conversation together: what did you learn?"),
                ),
            ),
        ),
        Method(
            "problem",
            _l("Problem-solving method"),
            _l("Good for a clear, practical problem that needs a next step soon."),
            (3, 6),
            (
                Phase(
                    _l("Questions"),
                    10,
                    _l(
                        "The inbrenger tells the problem. The others ask questions to understand it."
                    ),
                    writes="case",
                    choose_inbrenger=True,
                    round=True,
                ),
                Phase(_l("Diagnosis"), 10, _l("Together, name what the problem really is.")),
                Phase(
                    _l("Advice"),
                    15,
                    _l(
                        "Write your advice, one per note. The inbrenger only listens and may make notes."
                    ),
                    writes="advice",
                    inbrenger_listens=True,
                ),
                Phase(
                    _l("The inbrenger reacts"),
                    10,
                    _l("The inbrenger reacts to the advice and chooses what to try."),
                    next_step=True,
                ),
                Phase(
                    _l("Another round or close"),
                    5,
                    _l("Decide together: another round, or close the session."),
                ),
            ),
        ),
    )
}

# The rules each participant agrees to in the lobby. They cannot be changed per session.
RULES = (
    _l("What is said here, stays here."),
    _l("No names of residents you help: say “a neighbour” or “a man of eighty”."),
    _l("Everyone speaks for themselves and listens to the others."),
    _l(
        "What you type here is deleted when the session closes. Only the learning points you choose to share are kept."
    ),
)

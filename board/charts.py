"""Small charts drawn on the server: the numbers become SVG coordinates here, the template
draws them, and every chart stands next to a table of the same numbers.

Lines are told apart by their dash pattern and marker shape as well as their colour, so a
chart reads without colour too.
"""

from dataclasses import dataclass, field

WIDTH, HEIGHT = 320, 160
LEFT, RIGHT, TOP, BOTTOM = 30, 30, 12, 28  # room for a label under the first and last
MARKERS = ("circle", "square", "diamond", "triangle")
MAX_STEP_LABELS = 6  # more dates along the bottom would run into each other
DASHES = ("", "6 4", "2 3", "8 3 2 3")


@dataclass
class Line:
    """One series as drawn: its name, its points, and how it looks."""

    name: str
    values: list = field(default_factory=list)  # one per label, None where there is none
    points: list[tuple[float, float, float]] = field(default_factory=list)  # (x, y, value)
    marker: str = "circle"
    dash: str = ""

    @property
    def path(self) -> str:
        """The polyline's points attribute."""
        return " ".join(f"{x:.1f},{y:.1f}" for x, y, _ in self.points)


@dataclass
class LineChart:
    """A chart of a few lines over labelled steps on a fixed scale."""

    labels: list[str]
    lines: list[Line]
    ticks: list[tuple[float, str]]  # (y, label) of the scale
    steps: list[tuple[float, str]]  # (x, label) along the bottom, thinned out when many
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT  # where the scale's lines begin and end
    right: int = WIDTH - RIGHT


def line_chart(labels: list[str], series: dict[str, list], low: float, high: float) -> LineChart:
    """Lines for series (name → one value per label, None where there is none) on a scale
    from low to high, in a chart of WIDTH × HEIGHT."""
    span_x = WIDTH - LEFT - RIGHT
    span_y = HEIGHT - TOP - BOTTOM

    def x_of(index: int) -> float:
        return LEFT + (span_x * index / (len(labels) - 1) if len(labels) > 1 else span_x / 2)

    def y_of(value: float) -> float:
        return TOP + span_y * (high - value) / (high - low)

    lines = []
    for number, (name, values) in enumerate(series.items()):
        line = Line(
            name,
            list(values),
            marker=MARKERS[number % len(MARKERS)],
            dash=DASHES[number % len(DASHES)],
        )
        line.points = [
            (x_of(index), y_of(value), value)
            for index, value in enumerate(values)
            if value is not None
        ]
        lines.append(line)
    ticks = [(y_of(value), f"{value:g}") for value in _scale(low, high)]
    every = -(-len(labels) // MAX_STEP_LABELS)  # label every n-th step, and the last
    steps = [
        (x_of(index), label)
        for index, label in enumerate(labels)
        if index % every == 0 or index == len(labels) - 1
    ]
    return LineChart(labels, lines, ticks, steps)


def _scale(low: float, high: float) -> list[float]:
    """Whole steps from low to high (at most six)."""
    step = max(1, round((high - low) / 5))
    values, value = [], low
    while value <= high:
        values.append(value)
        value += step
    return values


# ---- one item's groups on a 1–5 line -------------------------------------------------------------

DOT_WIDTH, DOT_HEIGHT, DOT_LEFT, DOT_RIGHT = 200, 34, 8, 8
DOT_ROWS = {"circle": 11, "square": 19, "diamond": 15}  # residents above, professionals below


@dataclass
class DotLine:
    """Where each group's figure sits on a line from low to high, and the gap between two."""

    dots: list[tuple[str, float, float, float]]  # (marker, x, y, value)
    ticks: list[tuple[float, str]]  # (x, label)
    gap: tuple[float, float] | None = None  # (x from, x to) between the first two dots
    width: int = DOT_WIDTH
    height: int = DOT_HEIGHT


def dot_line(groups: list[tuple[str, float | None]], low: int = 1, high: int = 5) -> DotLine:
    """The dots of groups ((marker, value); None where a group does not show) on one line."""
    span = DOT_WIDTH - DOT_LEFT - DOT_RIGHT

    def x_of(value: float) -> float:
        return DOT_LEFT + span * (value - low) / (high - low)

    dots = [
        (marker, x_of(value), DOT_ROWS[marker], value)
        for marker, value in groups
        if value is not None
    ]
    ticks = [(x_of(value), str(value)) for value in range(low, high + 1)]
    gap = None
    if len(dots) >= 2 and dots[0][1] != dots[1][1]:
        first, second = sorted((dots[0][1], dots[1][1]))
        gap = (first, second)
    return DotLine(dots, ticks, gap)


# ---- parts of a whole in one bar -----------------------------------------------------------------

BAR_WIDTH, BAR_HEIGHT = 300, 28


@dataclass
class BarPart:
    """One part of a bar: its name, count, where it starts and how wide it is."""

    name: str
    count: int
    x: float
    width: float
    shade: int  # 1…4, repeating: neighbours always differ


def stacked_bar(parts: list[tuple[str, int]]) -> list[BarPart]:
    """The parts (name, count) side by side in a bar of BAR_WIDTH, each as wide as its share
    (a part with nothing gets no width; its count still shows in the legend)."""
    total = sum(count for _, count in parts)
    drawn, x = [], 0.0
    for index, (name, count) in enumerate(parts):
        width = BAR_WIDTH * count / total if total else 0.0
        drawn.append(BarPart(name, count, x, width, index % 4 + 1))
        x += width
    return drawn

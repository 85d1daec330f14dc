"""Charts drawn on the server: values land inside the drawing on the right scale, gaps stay
gaps, lines differ in more than colour, and many dates do not run into each other."""

from board.charts import HEIGHT, LEFT, MAX_STEP_LABELS, RIGHT, TOP, WIDTH, line_chart


def test_values_are_placed_on_the_scale_from_left_to_right():
    chart = line_chart(["1 okt", "8 okt", "15 okt"], {"Veilig": [1, 3, 5]}, 1, 5)
    [line] = chart.lines
    xs = [x for x, _, _ in line.points]
    ys = [y for _, y, _ in line.points]
    assert xs == sorted(xs) and xs[0] == LEFT and xs[-1] == WIDTH - RIGHT
    assert ys[0] > ys[1] > ys[2] == TOP  # 5 at the top, 1 at the bottom
    assert ys[1] == (ys[0] + ys[2]) / 2
    assert [label for _, label in chart.ticks] == ["1", "2", "3", "4", "5"]
    assert all(TOP <= y <= HEIGHT for y, _ in chart.ticks)
    assert line.path.count(",") == 3


def test_a_missing_value_leaves_a_gap_and_one_session_sits_in_the_middle():
    chart = line_chart(["a", "b", "c"], {"Nuttig": [4, None, 2]}, 1, 5)
    assert [value for _, _, value in chart.lines[0].points] == [4, 2]
    alone = line_chart(["a"], {"Veilig": [3]}, 1, 5)
    [(x, _, _)] = alone.lines[0].points
    assert x == LEFT + (WIDTH - LEFT - RIGHT) / 2


def test_lines_differ_in_marker_and_dash_not_only_colour():
    chart = line_chart(["a", "b"], {"Veilig": [3, 4], "Nuttig": [2, 5]}, 1, 5)
    safe, useful = chart.lines
    assert safe.marker != useful.marker and safe.dash != useful.dash


def test_many_dates_are_thinned_out_but_the_last_is_always_named():
    labels = [f"week {n}" for n in range(1, 31)]
    chart = line_chart(labels, {"Veilig": [3] * 30}, 1, 5)
    named = [label for _, label in chart.steps]
    assert len(named) <= MAX_STEP_LABELS + 1
    assert named[0] == "week 1" and named[-1] == "week 30"
    assert len(chart.lines[0].points) == 30  # every value is still drawn

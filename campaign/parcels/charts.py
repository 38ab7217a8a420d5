"""Charts drawn on the server as inline SVG: markup, not script, so the strict CSP allows them.

Each chart is an image with a title and a description for screen readers (`role="img"`); the page
puts the same numbers in a table beside it. Colours come from classes styled in parcels.css, and
the series also differ by dash pattern, so colour is never the only difference.
"""

import math
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 36, 36
MAX_X_LABELS = 8


@dataclass(frozen=True)
class Series:
    label: str
    values: list[int]  # one value per day of the chart


def nice_ceiling(value: int) -> int:
    """The axis top: 1, 2 or 5 times a power of ten, at least `value` (and at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if value <= step * power:
            return step * power
    return 10 * power


def _frame(chart_id: str, title: str, desc: str, body: list[str]) -> Markup:
    head = (
        f'<svg class="chart" id="{escape(chart_id)}" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        'xmlns="http://www.w3.org/2000/svg" focusable="false">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>'
    )
    # Every text put into the markup above went through escape().
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704


def _y_axis(top_value: int) -> list[str]:
    parts = []
    plot_height = HEIGHT - TOP - BOTTOM
    for i in range(5):
        value = top_value * i / 4
        y = HEIGHT - BOTTOM - plot_height * i / 4
        label = f"{value:g}" if value == int(value) else ""
        parts.append(
            f'<line class="chart-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
        )
        if label:
            parts.append(
                f'<text class="chart-label" x="{LEFT - 6}" y="{y + 4:.1f}" '
                f'text-anchor="end">{label}</text>'
            )
    return parts


def _legend(labels: list[str]) -> list[str]:
    parts, x = [], LEFT
    for i, label in enumerate(labels):
        parts.append(
            f'<line class="chart-line chart-series-{i % 6}" '
            f'x1="{x}" x2="{x + 18}" y1="14" y2="14"/>'
            f'<text class="chart-label" x="{x + 24}" y="18">{escape(label)}</text>'
        )
        x += 36 + 8 * len(label)
    return parts


def line_chart(
    chart_id: str, title: str, days: list[date], series: list[Series], desc: str = ""
) -> Markup:
    """One line per series over consecutive days."""
    top_value = nice_ceiling(max((max(s.values, default=0) for s in series), default=0))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_width / max(len(days) - 1, 1)

    def point(i: int, value: int) -> tuple[float, float]:
        x = LEFT + i * step if len(days) > 1 else LEFT + plot_width / 2  # one day: centred
        return x, HEIGHT - BOTTOM - plot_height * value / top_value

    body = _y_axis(top_value) + _legend([s.label for s in series])
    every = max(1, math.ceil(len(days) / MAX_X_LABELS))
    for i, day in enumerate(days):
        if i % every == 0:
            x, _ = point(i, 0)
            body.append(
                f'<text class="chart-label" x="{x:.1f}" y="{HEIGHT - BOTTOM + 18}" '
                f'text-anchor="middle">{day.day}.{day.month:02d}</text>'
            )
    for n, s in enumerate(series):
        points = [point(i, v) for i, v in enumerate(s.values)]
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        body.append(f'<polyline class="chart-line chart-series-{n % 6}" points="{coords}"/>')
        body.extend(
            f'<circle class="chart-dot chart-series-{n % 6}" cx="{x:.1f}" cy="{y:.1f}" r="3"/>'
            for x, y in points
        )
    return _frame(chart_id, title, desc, body)


def bar_chart(chart_id: str, title: str, bars: list[tuple[str, int]], desc: str = "") -> Markup:
    """Vertical bars with their value on top and their label below."""
    top_value = nice_ceiling(max((v for _, v in bars), default=0))
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(bars), 1)
    body = _y_axis(top_value)
    for i, (label, value) in enumerate(bars):
        height = plot_height * value / top_value
        x, y = LEFT + i * slot + slot * 0.15, HEIGHT - BOTTOM - height
        middle = LEFT + i * slot + slot / 2
        body.append(
            f'<rect class="chart-bar" x="{x:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" '
            f'height="{height:.1f}"/>'
            f'<text class="chart-value" x="{middle:.1f}" y="{y - 5:.1f}" '
            f'text-anchor="middle">{value}</text>'
            f'<text class="chart-label" x="{middle:.1f}" y="{HEIGHT - BOTTOM + 18}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    return _frame(chart_id, title, desc, body)

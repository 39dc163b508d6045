"""Inline SVG charts for the HTML report: horizontal bars (optionally stacked) and column histograms.

Pure functions from numbers to an `<svg>` string; no assets, no scripts, no fonts to fetch.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

FONT = "font-family=\"system-ui, 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif\""
AXIS = "#6b7280"
PALETTE = {"error": "#c0392b", "warning": "#e0a526", "info": "#6c8ebf", "value": "#3b6ea8"}


def _text_width(text: str, size: int = 12) -> float:
    """Rough rendered width: CJK and other wide characters a full em, ASCII a bit over half."""
    return sum(size if ord(ch) > 0x2E7F else size * 0.6 for ch in text)


def _fit(text: str, room: float) -> str:
    """The text, cut with an ellipsis where it would not fit in `room` pixels."""
    if _text_width(text) <= room:
        return text
    while text and _text_width(text + "…") > room:
        text = text[:-1]
    return text + "…"


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def hbars(labels: Sequence[str], series: dict[str, Sequence[float]], title: str, width: int = 560,
          label_width: int = 200) -> str:
    """Horizontal bars, one per label; several series are stacked in the order given, with a legend."""
    if not labels:
        return _empty(title, width)
    row, top = 24, 34 + (18 if len(series) > 1 else 0)
    height = top + row * len(labels) + 14
    totals = [sum(values[i] for values in series.values()) for i in range(len(labels))]
    scale = (width - label_width - 60) / max(max(totals), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" {FONT} font-size="12">',
             f'<title>{escape(title)}</title>',
             f'<text x="0" y="16" font-size="14" font-weight="600">{escape(title)}</text>']
    if len(series) > 1:
        x = 0
        for name in series:
            parts.append(f'<rect x="{x}" y="26" width="10" height="10" fill="{PALETTE.get(name, PALETTE["value"])}"/>'
                         f'<text x="{x + 14}" y="35">{escape(name)}</text>')
            x += 14 + _text_width(name) + 16
    for i, label in enumerate(labels):
        y = top + i * row
        shown = _fit(label, label_width - 12)
        parts.append(f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end"><title>{escape(label)}</title>'
                     f'{escape(shown)}</text>')
        x = float(label_width)
        for name, values in series.items():
            w = values[i] * scale
            if w > 0:
                parts.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row - 7}" '
                             f'fill="{PALETTE.get(name, PALETTE["value"])}"><title>{escape(label)} · {escape(name)}: '
                             f'{_fmt(values[i])}</title></rect>')
            x += w
        parts.append(f'<text x="{x + 5:.1f}" y="{y + 15}" fill="{AXIS}">{_fmt(totals[i])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def columns(labels: Sequence[str], values: Sequence[float], title: str, x_title: str = "",
            width: int = 560, height: int = 230) -> str:
    """Vertical columns (a histogram over given bins), count above each column."""
    if not labels or not any(values):
        return _empty(title, width)
    left, top, bottom = 36, 34, 46
    plot_w, plot_h = width - left - 10, height - top - bottom
    step = plot_w / len(labels)
    scale = plot_h / max(max(values), 1)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" {FONT} font-size="11">',
             f'<title>{escape(title)}</title>',
             f'<text x="0" y="16" font-size="14" font-weight="600">{escape(title)}</text>',
             f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" stroke="{AXIS}"/>']
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = left + i * step
        h = value * scale
        parts.append(f'<rect x="{x + step * 0.12:.1f}" y="{top + plot_h - h:.1f}" width="{step * 0.76:.1f}" '
                     f'height="{h:.1f}" fill="{PALETTE["value"]}"><title>{escape(label)}: {_fmt(value)}</title></rect>')
        if value:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{top + plot_h - h - 4:.1f}" text-anchor="middle">'
                         f'{_fmt(value)}</text>')
        parts.append(f'<text x="{x + step / 2:.1f}" y="{top + plot_h + 15}" text-anchor="middle" fill="{AXIS}">'
                     f'{escape(label)}</text>')
    if x_title:
        parts.append(f'<text x="{left + plot_w / 2:.1f}" y="{height - 6}" text-anchor="middle" fill="{AXIS}">'
                     f'{escape(x_title)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _empty(title: str, width: int) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="60" viewBox="0 0 {width} 60" '
            f'role="img" aria-label="{escape(title)}" {FONT} font-size="12"><title>{escape(title)}</title>'
            f'<text x="0" y="16" font-size="14" font-weight="600">{escape(title)}</text>'
            f'<text x="0" y="44" fill="{AXIS}">nothing to show</text></svg>')

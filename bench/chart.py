"""The benchmark's ratios as a small SVG bar chart for decider's docs.

One bar per figure measured against a floor: its length is the ratio (the floor is the
line at 1x), a tick marks the target, and a bar that misses its target is orange.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

LABEL_W = 330
BAR_W = 280
ROW_H = 26
GREY = "#808080"


def ratio_chart(rows: Sequence[tuple[str, float, float | None]]) -> str:
    """SVG text for ``(name, ratio, target ratio or None)`` rows."""
    top = max([1.0, *(r for _, r, _ in rows), *(t for _, _, t in rows if t)]) * 1.1
    width, height = LABEL_W + BAR_W + 120, ROW_H * len(rows) + 34

    def x(ratio: float) -> float:
        return LABEL_W + BAR_W * ratio / top

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Helvetica,Arial,sans-serif" '
        f'font-size="12" role="img" aria-label="decider against its floors">',
    ]
    for i, (name, ratio, target) in enumerate(rows):
        y = 8 + i * ROW_H
        missed = target is not None and ratio > target
        parts.append(
            f'<text x="{LABEL_W - 8}" y="{y + 15}" text-anchor="end" fill="{GREY}">'
            f"{escape(name)}</text>"
        )
        parts.append(
            f'<rect x="{LABEL_W}" y="{y + 3}" width="{x(ratio) - LABEL_W:.1f}" height="16" '
            f'rx="2" fill="{"#ef6c00" if missed else "#5c6bc0"}"/>'
        )
        shown = f"{ratio:.2f}x" + (f" (target {target:.2f}x)" if target is not None else "")
        parts.append(f'<text x="{LABEL_W + BAR_W + 10}" y="{y + 15}" fill="{GREY}">{shown}</text>')
        if target is not None:
            parts.append(
                f'<line x1="{x(target):.1f}" x2="{x(target):.1f}" y1="{y}" y2="{y + 22}" '
                f'stroke="#e53935" stroke-width="2"><title>target {target:.2f}x</title></line>'
            )
    bottom = 8 + len(rows) * ROW_H
    parts.append(
        f'<line x1="{x(1):.1f}" x2="{x(1):.1f}" y1="4" y2="{bottom}" stroke="{GREY}" '
        f'stroke-dasharray="3,3"/>'
    )
    parts.append(
        f'<text x="{x(1):.1f}" y="{bottom + 16}" text-anchor="middle" fill="{GREY}">'
        "floor (1x)</text>"
    )
    parts.append(
        f'<text x="{LABEL_W + BAR_W}" y="{bottom + 16}" text-anchor="end" fill="{GREY}">'
        "red tick: target</text>"
    )
    parts.append("</svg>\n")
    return "\n".join(parts)

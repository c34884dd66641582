"""Lay out a bar chart of volunteer hours as plain numbers for an SVG template."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    minutes: int
    x: int
    y: int
    width: int
    height: int


def nice_ceiling(value):
    """Round value up to 1, 2 or 5 times a power of ten, for a readable axis."""
    if value <= 0:
        return 1
    step = 1
    while True:
        for factor in (1, 2, 5):
            if value <= factor * step:
                return factor * step
        step *= 10


def bars(series, width=600, height=220, top=20, bottom=40, left=10, gap=8):
    """Return one Bar per (label, minutes) pair, scaled to whole hours on a nice axis."""
    if not series:
        return [], 1
    ceiling = nice_ceiling(max(minutes for _, minutes in series) / 60)
    plot = height - top - bottom
    slot = (width - left) // len(series)
    out = []
    for index, (label, minutes) in enumerate(series):
        bar_height = round(plot * (minutes / 60) / ceiling) if minutes > 0 else 0
        out.append(Bar(label, minutes, left + index * slot + gap // 2, top + plot - bar_height,
                       max(slot - gap, 4), bar_height))
    return out, ceiling

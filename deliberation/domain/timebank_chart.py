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


def bars(series, width=360, height=200, top=24, bottom=30, left=0, gap=10):
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


def last_months(by_month, end, count=6):
    """Return (YYYY-MM, minutes) for the count months up to end (a date), zero where nothing was given."""
    year, month = end.year, end.month
    keys = []
    for _ in range(count):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return [(key, by_month.get(key, 0)) for key in reversed(keys)]

"""Where the Pabulib elections are, and what they officially decided."""

from pathlib import Path

import pytest

from deliberation.budgeting import parse_pb

# In CI the data sits in shared/ beside the clone; locally /work/shared.
PABULIB = Path(__file__).resolve().parents[3] / ".." / "shared" / "pabulib"

SMALL_FILES = [
    "Netherlands_Assen_2024.pb",
    "Poland_Swiecie_2023.pb",
    "Poland_Wieliczka_2023_Green_Budget.pb",
    "Switzerland_Zurich_D10.pb",
    "France_Toulouse_2019.pb",
    "Poland_Czestochowa_2020_Bleszno.pb",
    "US_Stanford_Dataset_2022_Jersey_City_Ward_B_vote_knapsacks.pb",
    "US_Stanford_Dataset_PB_Chicago_39th_Ward_2020_vote_rankings.pb",
]
LARGE_FILES = ["Netherlands_Amsterdam_252.pb", "Poland_Warszawa_2023_Mokotow.pb"]
ALL_FILES = SMALL_FILES + LARGE_FILES


def pabulib_path(name: str) -> Path:
    """Return the path of a Pabulib file, skipping the test if the data is absent."""
    path = PABULIB / name
    if not path.exists():
        pytest.skip(f"Pabulib data not found at {PABULIB} (expected shared/ beside the repo)")
    return path


_parsed = {}


def load(name: str):
    """Parse a Pabulib file once per test session."""
    if name not in _parsed:
        _parsed[name] = parse_pb(pabulib_path(name))
    return _parsed[name]


def official_selected(instance) -> set[str] | None:
    """Return the ids the file records as officially selected, if it does."""
    if not any("selected" in p.fields for p in instance.projects):
        return None
    return {p.id for p in instance.projects if p.fields.get("selected") == "1"}



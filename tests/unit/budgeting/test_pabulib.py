import contextlib
import io

import pytest

from deliberation.budgeting import (
    APPROVAL,
    CUMULATIVE,
    KNAPSACK,
    RANKING,
    Ballot,
    Instance,
    Profile,
    Project,
    parse_pb,
    write_pb,
)

from .pb_data import ALL_FILES, load

SMALL = """META
key;value
description;Test
budget;100
vote_type;cumulative
max_sum_points;5
PROJECTS
project_id;cost;name
a;60;Park
b;50;Library
VOTES
voter_id;vote;points
v1;a,b;3,2
v2;b;5
"""


def checker_errors(text: str) -> dict:
    """Return the errors pabulib-checker finds in a .pb text."""
    from pabulib.checker import Checker

    with contextlib.redirect_stdout(io.StringIO()):
        results = Checker().process_files([text])
    (report,) = [v for k, v in results.items() if k not in ("metadata", "summary")]
    return report["results"]["errors"]


def test_parse_reads_meta_projects_and_points():
    instance, profile, meta = parse_pb(SMALL)
    assert instance.budget == 100
    assert instance.ballot_type == CUMULATIVE
    assert instance.max_sum_points == 5
    assert [p.id for p in instance.projects] == ["a", "b"]
    assert instance.project("a").name == "Park"
    assert profile.ballots[0] == Ballot("v1", ("a", "b"), (3, 2))
    assert meta["description"] == "Test"


def test_approval_with_max_sum_cost_is_a_knapsack_ballot():
    text = SMALL.replace("cumulative", "approval").replace("max_sum_points;5", "max_sum_cost;100")
    text = text.replace("voter_id;vote;points\nv1;a,b;3,2\nv2;b;5", "voter_id;vote\nv1;a\nv2;b")
    instance, profile, _ = parse_pb(text)
    assert instance.ballot_type == KNAPSACK
    assert instance.max_sum_cost == 100
    assert "max_sum_cost;100" in write_pb(instance, profile, {})


def test_ordinal_file_is_read_as_ranking_in_order():
    instance, profile, _ = load("US_Stanford_Dataset_PB_Chicago_39th_Ward_2020_vote_rankings.pb")
    assert instance.ballot_type == RANKING
    assert profile.ballots[0].projects == ("1405", "1403", "1402", "1400")


def test_fractional_cost_is_refused():
    with pytest.raises(ValueError):
        parse_pb(SMALL.replace("a;60;Park", "a;60.5;Park"))


@pytest.mark.parametrize("name", ALL_FILES)
def test_every_file_survives_a_round_trip(name):
    instance, profile, meta = load(name)
    again = parse_pb(write_pb(instance, profile, meta))
    assert again[0] == instance
    assert again[1] == profile


# The checker re-runs Equal Shares on files that record it, which takes a minute here.
CHECKER_SLOW = {"Poland_Wieliczka_2023_Green_Budget.pb", "Poland_Swiecie_2023.pb"}


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=pytest.mark.slow) if name in CHECKER_SLOW else name
    for name in ALL_FILES
])
def test_export_passes_pabulib_checker(name):
    instance, profile, meta = load(name)
    assert checker_errors(write_pb(instance, profile, meta)) == {}


def test_export_of_a_new_election_passes_pabulib_checker():
    instance = Instance(
        budget=1000, ballot_type=CUMULATIVE, max_sum_points=10,
        projects=(Project("1", 600, "Bench"), Project("2", 500, "Trees")),
    )
    profile = Profile((Ballot("v1", ("1", "2"), (4, 6)), Ballot("v2", ("2",), (10,))))
    meta = {"description": "Test", "country": "Poland", "unit": "Gdańsk", "instance": "2025",
            "rule": "greedy", "date_begin": "01.03.2025", "date_end": "15.03.2025"}
    text = write_pb(instance, profile, meta)
    assert checker_errors(text) == {}
    # Cumulative votes are written highest points first, as the checker wants.
    assert "v1;2,1;6,4" in text


def test_approval_export_counts_votes_from_ballots():
    instance = Instance(100, (Project("x", 10), Project("y", 20)), APPROVAL)
    text = write_pb(instance, Profile((Ballot("1", ("x", "y")), Ballot("2", ("y",)))))
    assert "x;10;1" in text and "y;20;2" in text

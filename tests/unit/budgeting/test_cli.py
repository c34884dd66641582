import json

from click.testing import CliRunner

from deliberation.budgeting import parse_pb
from deliberation.budgeting.cli import pb

from .pb_data import load, official_selected, pabulib_path

ASSEN = "Netherlands_Assen_2024.pb"


def tally(*args):
    result = CliRunner().invoke(pb, ["tally", *map(str, args)])
    assert result.exit_code == 0, result.output
    return result.output


def test_tally_json_prints_selected_and_spent():
    instance, _, _ = load(ASSEN)
    result = json.loads(tally(pabulib_path(ASSEN), "--rule", "mes", "--completion", "add1", "--json"))
    assert set(result["selected"]) == official_selected(instance) | {"7"}
    assert result["spent"] == instance.cost_of(result["selected"])


def test_tally_without_fill_replays_the_official_equal_shares_result():
    instance, _, _ = load(ASSEN)
    result = json.loads(tally(pabulib_path(ASSEN), "--fill", "none", "--json"))
    assert set(result["selected"]) == official_selected(instance)


def test_tally_greedy_replays_official_mokotow_2023():
    name = "Poland_Warszawa_2023_Mokotow.pb"
    instance, _, _ = load(name)
    output = tally(pabulib_path(name), "--rule", "greedy")
    assert set(output.split()) == official_selected(instance)


def test_tally_explain_says_why_projects_were_skipped():
    output = tally(pabulib_path(ASSEN), "--rule", "greedy", "--explain")
    assert "did not fit in the remaining budget" in output


def test_check_reports_valid_ballots():
    result = CliRunner().invoke(pb, ["check", str(pabulib_path(ASSEN))])
    assert result.exit_code == 0
    assert "84 ballots, 0 invalid" in result.output


def test_convert_writes_a_file_that_reads_back_the_same(tmp_path):
    out = tmp_path / "assen.pb"
    result = CliRunner().invoke(pb, ["convert", str(pabulib_path(ASSEN)), "-o", str(out)])
    assert result.exit_code == 0
    assert parse_pb(out)[:2] == load(ASSEN)[:2]

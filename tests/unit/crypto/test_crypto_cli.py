"""The demo-election and verify commands, and `python -m deliberation.crypto.verify`."""
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from deliberation.crypto.cli import demo_election, verify


@pytest.fixture(scope="module")
def record_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("records") / "demo.zip"
    result = CliRunner().invoke(demo_election, [
        "--ballots", "6", "--questions", "1", "--choices", "3", "--trustees", "3", "--threshold", "2",
        "--weights", "area", "--seed", "1", "--out", str(path),
    ])
    assert result.exit_code == 0, result.output
    return path


def test_verify_prints_a_summary_and_exits_zero(record_path):
    result = CliRunner().invoke(verify, [str(record_path), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK election")
    assert "6 ballots" in result.output


def test_verify_json_report_is_machine_readable(record_path):
    result = CliRunner().invoke(verify, [str(record_path), "--json", "--format", "ours", "--workers", "1"])
    report = json.loads(result.output)
    assert report["ok"] is True and report["failure"] is None
    assert report["summary"]["ballots"] == 6


def test_verify_names_the_first_failing_check(tmp_path):
    folder = tmp_path / "record"
    CliRunner().invoke(demo_election, ["--ballots", "3", "--choices", "2", "--trustees", "2", "--threshold", "1",
                                       "--out", str(folder)])
    lines = (folder / "ballots.jsonl").read_text().splitlines()
    (folder / "ballots.jsonl").write_text("\n".join(lines[:1] + lines[2:]) + "\n")
    result = CliRunner().invoke(verify, [str(folder), "--json", "--workers", "1"])
    assert result.exit_code == 1
    assert json.loads(result.output)["failure"]["check"] == "ballot list"


def test_verify_module_runs_on_its_own(record_path):
    result = subprocess.run([sys.executable, "-m", "deliberation.crypto.verify", str(record_path), "--workers", "1"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "OK election" in result.stdout


def test_verify_rejects_a_path_that_is_not_a_record(tmp_path):
    result = CliRunner().invoke(verify, [str(tmp_path)])
    assert result.exit_code == 1
    assert "record format" in result.output


def test_crypto_package_imports_nothing_outside_itself():
    import ast
    import pathlib

    import deliberation.crypto

    allowed = {"abc", "argparse", "base64", "click", "concurrent", "cryptography", "ctypes", "dataclasses",
               "gmpy2", "hashlib", "hmac", "json", "math", "nacl", "os", "random", "secrets", "sys", "time",
               "typing", "zipfile"}
    for path in pathlib.Path(deliberation.crypto.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                top = name.split(".")[0]
                assert top in allowed or name.startswith("deliberation.crypto"), f"{path.name} imports {name}"


def test_demo_trustees_decrypt_from_their_key_files(tmp_path):
    keys = tmp_path / "keys"
    result = CliRunner().invoke(demo_election, [
        "--ballots", "2", "--choices", "2", "--trustees", "2", "--threshold", "2", "--audited", "0",
        "--trustee-keys", str(keys), "--passphrase", "council secret", "--out", str(tmp_path / "r.zip"),
    ])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in keys.iterdir()) == ["trustee-1.key", "trustee-2.key"]
    assert "council secret" not in (keys / "trustee-1.key").read_text()
    assert CliRunner().invoke(verify, [str(tmp_path / "r.zip"), "--workers", "1"]).exit_code == 0


@pytest.mark.parametrize("args", [["--threshold", "4"], ["--min", "2", "--max", "1"], ["--choices", "0"]])
def test_demo_election_refuses_impossible_parameters(tmp_path, args):
    result = CliRunner().invoke(demo_election, ["--ballots", "2", "--out", str(tmp_path / "r"), *args])
    assert result.exit_code == 2
    assert "Error" in result.output

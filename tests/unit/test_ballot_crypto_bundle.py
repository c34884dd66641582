"""The committed browser bundle is what js/src builds to."""
import json
import shlex
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
JS = ROOT / "js"
BUNDLE = ROOT / "static" / "js" / "vendor" / "ballot-crypto.js"
ESBUILD = JS / "node_modules" / ".bin" / "esbuild"


def test_bundle_defines_window_ballot_crypto_without_eval():
    text = BUNDLE.read_text(encoding="utf-8")
    assert text.startswith("/* ballot-crypto.js: window.BallotCrypto")
    assert "globalThis.BallotCrypto=" in text
    # The app's CSP has no 'unsafe-eval'.
    assert "eval(" not in text and "new Function(" not in text


@pytest.mark.skipif(not ESBUILD.exists(), reason="run `make js` (npm ci in js/) to install esbuild")
def test_committed_bundle_matches_the_sources(tmp_path):
    command = shlex.split(json.loads((JS / "package.json").read_text())["scripts"]["build"])
    out = tmp_path / "ballot-crypto.js"
    command = [str(ESBUILD)] + [a if not a.startswith("--outfile=") else f"--outfile={out}" for a in command[1:]]
    subprocess.run(command, cwd=JS, check=True, capture_output=True)
    assert out.read_bytes() == BUNDLE.read_bytes(), "static/js/vendor/ballot-crypto.js is stale: run `make js`"

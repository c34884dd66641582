"""Time BallotCrypto.encryptBallot in headless Chromium for 10-option ballots.

Run: .venv/bin/python bench/bench_browser_encrypt.py [--runs 20] [--throttle 4]
Prints the median, the fastest and the slowest of `runs` warm encryptions per
ballot shape, and the first (cold) one; --throttle also reruns them with
Chromium's CPU slowed down that many times, a stand-in for a cheap phone.
"""
import argparse
import secrets
import statistics
from pathlib import Path

from playwright.sync_api import sync_playwright

from deliberation.crypto import credentials as creds
from deliberation.crypto import trustees
from deliberation.crypto.canonical import object_hash
from deliberation.crypto.election import election_params
from deliberation.crypto.group import DEFAULT_GROUP, get_group

BUNDLE = Path(__file__).resolve().parents[1] / "static" / "js" / "vendor" / "ballot-crypto.js"
TEN = [f"候选人 {i}" for i in range(1, 11)]
SHAPES = {
    "1 question, choose 1..3 of 10": ([{"question": "选出委员", "choices": TEN, "min": 1, "max": 3}],
                                       [[1, 0, 1, 0, 0, 0, 0, 1, 0, 0]]),
    "10 yes/no questions (one 0..1 choice each)": (
        [{"question": f"事项 {i}", "choices": ["同意"], "min": 0, "max": 1} for i in range(10)],
        [[i % 2] for i in range(10)]),
    "10 questions of yes/no/abstain (30 choices, 1..1 each)": (
        [{"question": f"事项 {i}", "choices": ["同意", "反对", "弃权"], "min": 1, "max": 1} for i in range(10)],
        [[1, 0, 0] if i % 2 else [0, 1, 0] for i in range(10)]),
}

TIMER = """async ([election, credential, selections, runs]) => {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await BallotCrypto.encryptBallot(election, credential, selections);
    times.push(performance.now() - start);
  }
  return times;
}"""


def election_for(questions, group_name):
    """Return election.json for a fresh 2-of-3 ceremony and one voter's secret credential."""
    group = get_group(group_name)
    uuid = secrets.token_hex(8)
    _, public = trustees.run_ceremony(group, uuid, 3, 2)
    secret = creds.generate_credential()
    cred_list = creds.credential_list(group, [(creds.public_credential(group, uuid, secret), 1)])
    params = election_params(uuid, "bench", group, group.decode(public["public_key"]), questions,
                             creds.credential_list_fingerprint(cred_list), object_hash(public))
    return params, secret


def measure(page, args):
    """Print cold and warm encryption times for every shape."""
    for label, (questions, selections) in SHAPES.items():
        params, secret = election_for(questions, args.group)
        # The first call decodes and checks the key and builds its table.
        cold = page.evaluate(TIMER, [params, secret, selections, 1])[0]
        times = page.evaluate(TIMER, [params, secret, selections, args.runs])
        print(f"  {label}: median {statistics.median(times):.0f} ms, min {min(times):.0f}, "
              f"max {max(times):.0f}, first call {cold:.0f} ms")


def main(args):
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto("about:blank")
        page.add_script_tag(content=BUNDLE.read_text(encoding="utf-8"))
        print(f"bundle {BUNDLE.stat().st_size / 1024:.1f} KiB; group {args.group}; {args.runs} runs; "
              f"Chromium {browser.version}")
        measure(page, args)
        if args.throttle > 1:
            cdp = page.context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": args.throttle})
            print(f"CPU throttled {args.throttle}x:")
            measure(page, args)
        sealed = page.evaluate("""async () => { const s = performance.now();
            await BallotCrypto.keyfile.seal({share: "1"}, "passphrase"); return performance.now() - s; }""")
        print(f"keyfile.seal with scrypt n=2^15: {sealed:.0f} ms" + (" (throttled)" if args.throttle > 1 else ""))
        browser.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--throttle", type=float, default=1)
    parser.add_argument("--group", default=DEFAULT_GROUP)
    main(parser.parse_args())

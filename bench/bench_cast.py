"""Votes: the cast endpoint through gunicorn on PostgreSQL, beside a bare Flask endpoint in the same run.

Deployed as README describes: gunicorn with VOTE_CAST_CHECK=external, and the checker
(`deliberation check-casts --loop`, at lower CPU priority) beside it. The cast request only queues
the ballot; the bench then waits until the checker has settled every ballot and reports that rate too.

Run from the repository root, on a database you may wipe:
    DATABASE_URL=postgresql://postgres@127.0.0.1:5432/<yours> .venv/bin/python bench/bench_cast.py \
        [--ballots 500] [--rounds 7] [--clients 8] [--warmup 200] \
        [--workers 2*cores+1] [--checker beside|after] [--durable] [--floor]
Prints requests/s and latency percentiles for both, and the cast rate as a share of the bare rate.
"""
import argparse
import http.client
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from urllib.parse import urlencode

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def bare_app():
    """A Flask app that only parses the posted JSON and answers: the ceiling for any endpoint."""
    from flask import Flask, jsonify, request

    app = Flask("bare")

    @app.post("/cast")
    def cast():
        return jsonify(ok=True, size=len(request.get_json()["ballot"]))

    return app


def app_floor():
    """The platform app with one more route that does nothing but answer a signed-in, CSRF-checked JSON POST.

    Not the target: it shows what any endpoint of this app costs through Flask before doing any
    work, beside the cast that the gateway takes before Flask.
    """
    from flask import jsonify, request
    from flask_login import login_required

    from deliberation import create_app

    app = create_app()

    @app.post("/bench/noop")
    @login_required
    def noop():
        return jsonify(ok=True, size=len(request.get_json()["ballot"]))

    return app


def seed(url):
    """Demo community, a community-wide vote (one per household), ceremony, slips; return ballots to cast."""
    from deliberation import create_app
    from deliberation.crypto.election import Election
    from deliberation.domain.vote_rules import referendum_questions
    from deliberation.extensions import db
    from deliberation.models import Council, User, Vote
    from deliberation.models.base import utcnow
    from deliberation.services import demo, vote_credentials, votes
    from deliberation.services.community import default_community
    from deliberation.services.demo_votes import _ceremony, _workers

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "PASSWORD_HASH_METHOD": "scrypt:1024:8:1"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        demo.seed()
        community = default_community()
        worker = _workers(community)[0]
        council = db.session.scalar(db.select(Council))
        now = utcnow()
        from datetime import timedelta

        vote = votes.create_vote(community, worker, title="bench", council_id=council.id, threshold=3,
                                 questions=referendum_questions(["是否同意？"]), eligibility="households",
                                 opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=1))
        votes.freeze(vote, worker)
        _ceremony(db.session.get(Vote, vote.id), tempfile.mkdtemp(prefix="bench-cast-keys-"))
        slips = [s for _, s in vote_credentials.issue_slips(db.session.get(Vote, vote.id), worker)]
        vote = votes.open_vote(db.session.get(Vote, vote.id), worker)
        election = Election(json.loads(vote.election_json))
        resident = db.session.scalar(db.select(User).where(User.phone == "13800000006"))
        return vote.id, resident.phone, election, slips


def build_ballots(election, slips, count):
    from deliberation.crypto import ballot as ballots_mod

    rng = random.Random(6)
    out = []
    for i in range(count):
        choice = rng.randrange(3)
        out.append(ballots_mod.build_ballot(election, slips[i % len(slips)], [[int(c == choice) for c in range(3)]])[0])
    return out


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(target, workers, env, chdir=ROOT):
    port = free_port()
    proc = subprocess.Popen([os.path.join(ROOT, ".venv", "bin", "gunicorn"), "-w", str(workers), "-b",
                             f"127.0.0.1:{port}", "--chdir", chdir, "--log-level", "warning", target],
                            env=env, cwd=ROOT)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, port
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("gunicorn did not start")


class Client:
    """One keep-alive connection with its own session cookie and CSRF token."""

    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies, self.token = {}, ""

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";")[0]
        return response.status, data

    def login(self, phone, password):
        _, page = self.request("GET", "/login")
        self.token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1).decode()
        form = urlencode({"identifier": phone, "password": password, "csrf_token": self.token})
        status, _ = self.request("POST", "/login", form, {"Content-Type": "application/x-www-form-urlencoded"})
        assert status in (302, 303), status

    def cast(self, path, ballot):
        body = json.dumps({"ballot": ballot})
        return self.request("POST", path, body, {"Content-Type": "application/json", "X-CSRFToken": self.token})


def run_load(port, path, ballots, clients, login=None):
    """Post every ballot once, spread over `clients` threads; return (seconds, latencies, statuses)."""
    workers = [Client(port) for _ in range(clients)]
    if login:
        for c in workers:
            c.login(*login)
    latencies, statuses, lock = [], [], threading.Lock()
    queue = list(ballots)

    def work(client):
        while True:
            with lock:
                if not queue:
                    return
                ballot = queue.pop()
            start = time.perf_counter()
            status, _ = client.cast(path, ballot)
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                statuses.append(status)

    threads = [threading.Thread(target=work, args=(c,)) for c in workers]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started, latencies, statuses


def wait_settled(url, vote_id, expected, timeout=600):
    """Wait until the checker has settled every queued ballot; return (accepted, refused)."""
    import sqlalchemy

    engine = sqlalchemy.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    query = sqlalchemy.text("select status, count(*) from cast_submission where vote_id = :v group by status")
    deadline = time.monotonic() + timeout
    with engine.connect() as conn:
        while True:
            counts = dict(conn.execute(query, {"v": vote_id}).all())
            conn.rollback()
            if counts.get("pending", 0) == 0 and sum(counts.values()) >= expected or time.monotonic() > deadline:
                engine.dispose()
                return counts.get("accepted", 0), counts.get("refused", 0)
            time.sleep(0.2)


def report(name, seconds, latencies, statuses):
    latencies = sorted(latencies)
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    rate = len(latencies) / seconds
    errors = sum(1 for s in statuses if s != 200)
    print(f"{name:<25} {len(latencies):>5} requests  {rate:8.1f} req/s  p50 {statistics.median(latencies) * 1000:7.1f} ms"
          f"  p95 {p95 * 1000:7.1f} ms  non-200: {errors}")
    return rate


def start_checker(env):
    """`deliberation check-casts --loop` at idle CPU priority, as deployed (systemd CPUSchedulingPolicy=idle)."""
    return subprocess.Popen(["chrt", "--idle", "0", "nice", "-n", "19", os.path.join(ROOT, ".venv", "bin", "deliberation"),
                             "check-casts", "--loop", "--every", "0.5"], env=env, cwd=ROOT)


def stop(*procs):
    for proc in procs:
        if proc is not None:
            proc.terminate()
            proc.wait()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ballots", type=int, default=500, help="ballots per round")
    # Many short rounds: the machine's speed wanders (the bare rate alone moves by half from one
    # round to the next on a shared VM); the median of the paired rounds is steadier.
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--clients", type=int, default=8)
    # Enough to reach every worker a few times: each learns the open vote on its first cast, as a
    # server does in the first seconds of polling day; the figures are for the steady state after.
    parser.add_argument("--warmup", type=int, default=200)
    # gunicorn's advice, 2 x cores + 1, for both servers.
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--checker", choices=["beside", "after"], default="beside",
                        help="run the proof checker beside the casts (one machine) or only after them "
                             "(the checker on its own machine, or deferred)")
    parser.add_argument("--durable", action="store_true",
                        help="CAST_QUEUE_DURABLE=1: the queue insert waits for the disk too")
    parser.add_argument("--floor", action="store_true",
                        help="also time a no-op signed-in, CSRF-checked route of the app (for scale)")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("set DATABASE_URL to a PostgreSQL database you may wipe")
    vote_id, phone, election, slips = seed(url)
    ballots = build_ballots(election, slips, args.ballots * args.rounds + args.warmup)
    warmup, ballots = ballots[:args.warmup], ballots[args.warmup:]
    instance = tempfile.mkdtemp(prefix="bench-cast-")
    env = dict(os.environ, SECRET_KEY="bench-cast", INSTANCE_PATH=instance, LOGIN_RATE_LIMIT="1000 per minute",
               VOTE_CAST_CHECK="external", CAST_QUEUE_DURABLE="1" if args.durable else "")
    path, login = f"/votes/{vote_id}/cast", (phone, "demo1234")

    # Both servers stay up and the rounds alternate, so that a change in the machine's speed
    # during the run touches both rates alike; the ratio reported is the median round's.
    bare_proc = cast_proc = floor_proc = checker = None
    try:
        bare_proc, bare_port = start_gunicorn("bench_cast:bare_app()", args.workers, env,
                                              chdir=os.path.join(ROOT, "bench"))
        cast_proc, cast_port = start_gunicorn("wsgi:app", args.workers, env)
        if args.floor:
            floor_proc, floor_port = start_gunicorn("bench_cast:app_floor()", args.workers, env,
                                                    chdir=os.path.join(ROOT, "bench"))
            run_load(floor_port, "/bench/noop", warmup, args.clients, login=login)
        checker = start_checker(env) if args.checker == "beside" else None
        run_load(bare_port, "/cast", warmup, args.clients)
        run_load(cast_port, path, warmup, args.clients, login=login)
        started, ratios, floors = time.perf_counter(), [], []
        for round_ in range(args.rounds):
            chunk = ballots[round_ * args.ballots:(round_ + 1) * args.ballots]
            bare = report(f"{round_ + 1}. bare Flask endpoint", *run_load(bare_port, "/cast", chunk, args.clients))
            cast = report(f"{round_ + 1}. cast endpoint", *run_load(cast_port, path, chunk, args.clients, login=login))
            ratios.append(cast / bare)
            print(f"{round_ + 1}. cast / bare: {cast / bare:.1%}")
            if args.floor:
                floor = report(f"{round_ + 1}. no-op route in the app",
                               *run_load(floor_port, "/bench/noop", chunk, args.clients, login=login))
                floors.append(floor / bare)
                print(f"{round_ + 1}. no-op route in the app / bare: {floor / bare:.1%}")
        if checker is None:
            started, checker = time.perf_counter(), start_checker(env)
        accepted, refused = wait_settled(url, vote_id, len(ballots) + len(warmup))
        settled = time.perf_counter() - started
        print(f"{'checked onto the board':<25} {accepted:>5} accepted, {refused} refused; all settled "
              f"{settled:.1f} s after the first {'cast' if args.checker == 'beside' else 'check'} "
              f"({len(ballots) / settled:.1f} ballots/s)")
    finally:
        stop(checker, cast_proc, floor_proc, bare_proc)
    print(f"cast rate / bare rate, median of {args.rounds} rounds: {statistics.median(ratios):.1%} "
          f"(checker {args.checker} the casts{'; durable queue insert' if args.durable else ''}; gunicorn -w {args.workers}, {args.clients} clients, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f})")
    if floors:
        print(f"no-op route in the app / bare rate, median: {statistics.median(floors):.1%}")


if __name__ == "__main__":
    main()

"""Seed 10,000 proposals and 100,000 comments in PostgreSQL, serve them with gunicorn, time three pages.

Run: .venv/bin/python bench/bench_deliberation.py [--database-url URL] [--requests N] [--workers W]
Prints p50/p95 (ms) of the proposal list, a proposal page and a search, as a signed-in resident.
The database named in the URL is emptied and filled; default postgresql://postgres@127.0.0.1:5432/bench_deliberation.
"""
import argparse
import http.cookiejar
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

WORDS = ("加装电梯 楼道灯 共享工具间 垃圾分类 儿童游乐区 充电桩 门禁 屋顶防水 停车位 绿化 监控 快递柜 "
         "健身器材 外墙 下水道 消防通道 老年食堂 自行车棚 雨棚 路灯").split()
PHRASES = ("建议尽快", "费用分摊", "征求业主意见", "安全隐患", "老人上下楼", "物业配合", "申请补贴", "志愿者报名")
SEARCHES = ("加装电梯", "垃圾分类", "充电桩", "费用分摊", "屋顶防水", "快递柜")


def ensure_database(url):
    import psycopg

    name = urllib.parse.urlparse(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("select 1 from pg_database where datname = %s", (name,)).fetchone():
            conn.execute(f'create database "{name}"')


def text(rng, n):
    return "，".join(rng.choice(WORDS) + rng.choice(PHRASES) for _ in range(n)) + "。"


def seed(url, proposals, comments_per_proposal):
    """Fill the database quickly with bulk inserts; return the resident's phone."""
    from sqlalchemy import insert

    from deliberation import create_app
    from deliberation.extensions import db
    from deliberation.models import (Building, Comment, Community, Household, Proposal, Support, Thread, User)

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    rng = random.Random(4)
    now = datetime.now(timezone.utc)
    with app.app_context():
        db.drop_all()
        db.create_all()
        community = Community(name="基准社区", address="")
        community.buildings = [Building(name=f"{n}号楼", sort_key=n) for n in range(1, 11)]
        db.session.add(community)
        db.session.flush()
        households = [Household(building_id=b.id, unit="1", room=f"{f}0{d}", floor_area=9000, owner_name="业主")
                      for b in community.buildings for f in range(1, 11) for d in (1, 2)]
        db.session.add_all(households)
        db.session.flush()
        users = []
        for i, household in enumerate(households):
            user = User(community_id=community.id, household_id=household.id, name=f"居民{i}",
                        phone=f"1380000{i:04d}", status="verified", occupancy="owner", password_hash="x")
            users.append(user)
        users[0].set_password("bench-password")
        db.session.add_all(users)
        db.session.commit()
        user_rows = [(u.id, u.household.building_id) for u in users]
        buildings = [b.id for b in community.buildings]
        statuses = ["collecting"] * 6 + ["on_agenda", "accepted", "completed", "rejected", "withdrawn"]
        rows = []
        for i in range(proposals):
            author, building = rng.choice(user_rows)
            rows.append(dict(id=i + 1, community_id=community.id, author_id=author,
                             building_id=building if rng.random() < 0.5 else None,
                             title=rng.choice(WORDS) + rng.choice(PHRASES) + f"（{i}）", body=text(rng, 6),
                             category=rng.choice(("co_building", "co_governance", "sharing")),
                             status=rng.choice(statuses), estimated_cost=rng.randint(0, 10 ** 7),
                             support_count=rng.randint(0, 30), created_at=now - timedelta(minutes=proposals - i),
                             updated_at=now))
        db.session.execute(insert(Proposal), rows)
        db.session.execute(insert(Thread), [dict(id=r["id"], community_id=community.id, building_id=r["building_id"],
                                                 proposal_id=r["id"], author_id=r["author_id"], title=r["title"],
                                                 comment_count=comments_per_proposal, created_at=now,
                                                 last_activity_at=now) for r in rows])
        comment_id = 0
        for start in range(0, proposals, 1000):
            batch = []
            for thread_id in range(start + 1, min(proposals, start + 1000) + 1):
                top = None
                for k in range(comments_per_proposal):
                    comment_id += 1
                    reply = k % 3 == 2 and top is not None
                    batch.append(dict(id=comment_id, thread_id=thread_id, author_id=rng.choice(user_rows)[0],
                                      parent_id=top if reply else None, body=text(rng, 2), created_at=now,
                                      agree_count=rng.randint(0, 9), disagree_count=rng.randint(0, 4),
                                      pass_count=0, hidden_reason=""))
                    if not reply:
                        top = comment_id
            db.session.execute(insert(Comment), batch)
        db.session.execute(insert(Support), [dict(proposal_id=p, user_id=u, created_at=now)
                                             for p in range(1, proposals + 1, 7) for u, _ in user_rows[1:4]])
        for table in ("proposal", "thread", "comment", "proposal_support"):
            db.session.execute(db.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                       f"(SELECT max(id) FROM {table}))"))
        db.session.commit()
        db.session.execute(db.text("ANALYZE"))
        db.session.commit()
        visible = [r["id"] for r in rows if r["building_id"] in (None, user_rows[0][1])
                   and r["status"] != "draft"]
        return users[0].phone, visible


def existing(url):
    """Reuse a database seeded by an earlier run: the resident's phone and the proposals they may see."""
    from deliberation import create_app
    from deliberation.extensions import db
    from deliberation.models import Proposal, User

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        user = db.session.execute(db.select(User).where(User.phone == "13800000000")).scalar_one()
        visible = db.session.execute(db.select(Proposal.id).where(
            db.or_(Proposal.building_id.is_(None), Proposal.building_id == user.building_id))).scalars().all()
        return user.phone, visible


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sign_in(base, phone):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"csrf_token": token, "identifier": phone, "password": "bench-password"}).encode()
    opener.open(urllib.request.Request(f"{base}/login", body)).read()
    return opener


def timed(opener, url, n):
    times = []
    for _ in range(n):
        start = time.perf_counter()
        with opener.open(url() if callable(url) else url) as response:
            response.read()
            assert response.status == 200
        times.append((time.perf_counter() - start) * 1000)
    return times


def server_cpu_ms(master_pid):
    """CPU time used so far by gunicorn's workers (and PostgreSQL's backends), in ms: contention-free figures."""
    tick = os.sysconf("SC_CLK_TCK")

    def cpu(pid):
        try:
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) * 1000 / tick
        except (OSError, IndexError, ValueError):
            return 0.0

    children = open(f"/proc/{master_pid}/task/{master_pid}/children").read().split()
    postgres = [pid for pid in os.listdir("/proc") if pid.isdigit() and _is_postgres_backend(pid)]
    return sum(cpu(pid) for pid in children), sum(cpu(pid) for pid in postgres)


def _is_postgres_backend(pid):
    try:
        return open(f"/proc/{pid}/comm").read().strip() == "postgres"
    except OSError:
        return False


def report(name, times, cpu=None):
    times = sorted(times)
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    extra = f"   cpu/request app {cpu[0]:5.1f} ms, postgres {cpu[1]:5.1f} ms" if cpu else ""
    print(f"{name:<26} p50 {statistics.median(times):6.1f} ms   p95 {p95:6.1f} ms{extra}   (n={len(times)})")


def measure(name, opener, url, n, master_pid):
    before = server_cpu_ms(master_pid)
    times = timed(opener, url, n)
    after = server_cpu_ms(master_pid)
    report(name, times, ((after[0] - before[0]) / n, (after[1] - before[1]) / n))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/bench_deliberation"))
    parser.add_argument("--proposals", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--reuse", action="store_true", help="keep the data of an earlier run")
    args = parser.parse_args()
    ensure_database(args.database_url)
    driver_url = args.database_url.replace("postgresql://", "postgresql+psycopg://", 1)
    started = time.perf_counter()
    if args.reuse:
        phone, visible = existing(driver_url)
    else:
        phone, visible = seed(driver_url, args.proposals, args.comments // args.proposals)
        print(f"seeded {args.proposals} proposals, {args.comments} comments in {time.perf_counter() - started:.0f} s")
    port = free_port()
    instance = tempfile.mkdtemp(prefix="bench-deliberation-")
    env = {**os.environ, "DATABASE_URL": args.database_url, "INSTANCE_PATH": instance, "SECRET_KEY": "bench",
           "LOGIN_RATE_LIMIT": "1000 per minute"}
    server = subprocess.Popen([os.path.join(os.path.dirname(sys.executable), "gunicorn"), "-w", str(args.workers),
                               "-b", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"], cwd=ROOT, env=env)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        opener = sign_in(base, phone)
        rng = random.Random(7)
        warm = (f"{base}/proposals/", f"{base}/proposals/{visible[0]}", f"{base}/search?q=" + urllib.parse.quote("电梯"))
        for url in warm:
            timed(opener, url, 5)  # warm the workers' caches and connection pools
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        pid = server.pid
        measure("proposal list", opener, f"{base}/proposals/", args.requests, pid)
        measure("proposal list, page 50", opener, f"{base}/proposals/?page=50", args.requests, pid)
        measure("proposal page", opener, lambda: f"{base}/proposals/{rng.choice(visible)}", args.requests, pid)
        measure("search (3-4 characters)", opener,
                lambda: f"{base}/search?q={urllib.parse.quote(rng.choice(SEARCHES))}", args.requests, pid)
        measure("search (2 characters)", opener, f"{base}/search?q={urllib.parse.quote('电梯')}",
                args.requests // 4, pid)
        print(f"load average after: {os.getloadavg()[0]:.1f}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""End-to-end figures of a RUNNING TimeOS server, through its public REST API (see bench/README.md).
Standard library only (plus psql for PostgreSQL's statistics views, and jcmd for a GC of the server's JVM).

bench/bench.sh starts the server (Derby, PostgreSQL or both) and runs this; run it alone against a server you started.
Every figure is printed as one JSON line ({"phase": ...}) and, at the end, as a table. Phases, in order:
  accept    POST /api/jobs/batch: --drain no-op jobs, 1000 per request, --threads clients: jobs/s
  drain     those jobs, all due at one instant: jobs/s from the first real start (the jobs' stored startedAt) to the
            moment the last outcome is committed (the succeeded counter of /metrics reached the count; the jobs' own
            last finishedAt is given too); early starts; on PostgreSQL commits and row writes per executed job
  lateness  --late jobs spread evenly over --late-seconds: start minus due p50 / p99 / max, early starts
  single    one job per POST /api/jobs, from 1 client and from 8 clients: jobs/s and ms per call
  events    POST /api/events/batch (1000 per request) of events that each match three rules: events/s
  scale     --pending future jobs stored (not due in the run), then the server's heap after a full GC, then drain and
            lateness again with them pending
Jobs that must not run during the bench (single, events, scale) are due a day later and use the action 'log', so that
the no-op jobs the bench waits for are only the drain and lateness ones.
"""
import argparse
import base64
import http.client
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from datetime import datetime, timezone, timedelta


def iso(t):
    return t.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


def now():
    return datetime.now(timezone.utc)


AUTHORIZATION = "Basic " + base64.b64encode("{}:{}".format(
    os.environ.get("TIMEOS_ADMIN_USER") or "admin",
    os.environ.get("TIMEOS_ADMIN_PASSWORD") or "timeos-dev-admin").encode()).decode()


class Client:
    def __init__(self, host, port):
        self.host, self.port = host, port
        self.conn = http.client.HTTPConnection(host, port, timeout=600)

    def raw(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        headers = {"Authorization": AUTHORIZATION}
        if data is not None:
            headers["Content-Type"] = "application/json"
        try:
            self.conn.request(method, path, body=data, headers=headers)
            r = self.conn.getresponse()
        except (http.client.HTTPException, OSError):
            # A connection the server closed while idle: once more on a new one.
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=600)
            self.conn.request(method, path, body=data, headers=headers)
            r = self.conn.getresponse()
        raw = r.read()
        if r.status >= 300:
            raise RuntimeError(f"{method} {path}: {r.status} {raw[:300]!r}")
        return raw

    def call(self, method, path, body=None):
        raw = self.raw(method, path, body)
        return json.loads(raw) if raw else None


def run_threads(threads):
    """Starts the threads together and waits for all: the seconds they took."""
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s)) - 1))]


class Bench:
    def __init__(self, a):
        self.a = a
        self.c = Client(a.host, a.port)
        self.results = []

    def emit(self, phase, **fields):
        line = {"db": self.a.db, "label": self.a.label, "phase": phase, **fields}
        self.results.append(line)
        print(json.dumps(line), flush=True)
        if self.a.out:
            with open(self.a.out, "a") as f:
                f.write(json.dumps(line) + "\n")

    # ---- helpers

    def post_batches(self, path, items, threads):
        """POSTs items in requests of 1000 from `threads` clients; returns (answers in order, seconds)."""
        chunks = [items[i:i + 1000] for i in range(0, len(items), 1000)]
        answers = [None] * len(chunks)

        def worker(k):
            c = Client(self.a.host, self.a.port)
            for i in range(k, len(chunks), threads):
                answers[i] = c.call("POST", path, chunks[i])

        took = run_threads([threading.Thread(target=worker, args=(k,)) for k in range(threads)])
        flat = [x for a in answers if a is not None for x in a]
        if len(flat) != len(items):
            raise RuntimeError(f"{path}: {len(flat)} answers for {len(items)} items (a client failed)")
        bad = [x for x in flat if "error" in x]
        if bad:
            raise RuntimeError(f"{path}: refused: {bad[0]}")
        return flat, took

    def succeeded_counter(self):
        """This node's committed successes (timeos_jobs_succeeded: fired after the outcome's batch committed)."""
        text = self.c.raw("GET", "/metrics?scope=application&name=timeos.jobs.succeeded").decode()
        for line in text.splitlines():
            if line.startswith("timeos_jobs_succeeded") and not line.startswith("#"):
                return float(line.rsplit(" ", 1)[1])
        return 0.0

    def used_heap(self):
        text = self.c.raw("GET", "/metrics?scope=base&name=memory.usedHeap").decode()
        for line in text.splitlines():
            if not line.startswith("#") and "usedHeap" in line:
                return float(line.rsplit(" ", 1)[1])
        return None

    def wait_succeeded(self, target, timeout_s):
        """Polls until the committed-success counter reaches target; returns the client's instant it saw that."""
        end = time.time() + timeout_s
        while time.time() < end:
            if self.succeeded_counter() >= target:
                return now()
            time.sleep(self.a.poll)
        raise RuntimeError(f"not all jobs succeeded within {timeout_s} s (counter {self.succeeded_counter()}, want {target})")

    def read_jobs(self, ids):
        """The jobs of ids, paging newest first through succeeded no-op jobs (the bench's are the newest)."""
        wanted, found, offset = set(ids), {}, 0
        while len(found) < len(wanted):
            page = self.c.call("GET", f"/api/jobs?action=noop&status=SUCCEEDED&limit=1000&offset={offset}")
            for j in page["items"]:
                if j["id"] in wanted:
                    found[j["id"]] = j
            offset += 1000
            if offset >= page["total"]:
                break
        return found

    def psql(self, sql):
        if self.a.db != "postgresql":
            return None
        out = subprocess.run(["psql", "-h", self.a.pg_host, "-p", str(self.a.pg_port), "-U", self.a.pg_user, "-d",
                              self.a.pg_database, "-AtX", "-c", sql], capture_output=True, text=True)
        if out.returncode != 0:
            print(f"psql: {out.stderr.strip()}", file=sys.stderr)
            return None
        return out.stdout.strip()

    def pg_counters(self):
        """Database-wide commits, and row writes in the bench's schema (exact: only the bench writes there)."""
        commits = self.psql(f"SELECT xact_commit FROM pg_stat_database WHERE datname = '{self.a.pg_database}'")
        rows = self.psql("SELECT COALESCE(SUM(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_user_tables "
                         f"WHERE schemaname = '{self.a.pg_schema}'")
        executions = self.psql(f"SELECT COUNT(*) FROM {self.a.pg_schema}.timeos_execution")
        if commits is None or rows is None or executions is None:
            return None
        return int(commits), int(rows), int(executions)

    def jcmd(self, *command):
        if not self.a.pid:
            return None
        out = subprocess.run(["jcmd", str(self.a.pid), *command], capture_output=True, text=True)
        return out.stdout if out.returncode == 0 else None

    # ---- phases

    def accept_and_drain(self, n, tag):
        lead = self.a.lead
        if not lead:
            # Due late enough that every job is stored first: a probe batch (not due in the run) tells the rate.
            _, took = self.post_batches("/api/jobs/batch", [{"action": "log", "time": iso(now() + timedelta(days=1))}]
                                        * 1000 * self.a.threads, self.a.threads)
            lead = max(5.0, 2 * n / (1000 * self.a.threads / took) + 3)
        due = now() + timedelta(seconds=lead)
        baseline = self.succeeded_counter()
        answers, took = self.post_batches("/api/jobs/batch", [{"action": "noop", "time": iso(due)}] * n,
                                          self.a.threads)
        ids = [x["id"] for x in answers]
        overlap = now() >= due
        self.emit("accept" + tag, jobs=n, clients=self.a.threads, seconds=round(took, 3), jobs_per_s=round(n / took),
                  overlapped_drain=overlap)
        if overlap:
            print(f"WARNING: accepting took longer than the lead of {lead:.0f} s: the drain overlapped it "
                  f"(use --lead)", file=sys.stderr)
        # The statistics views: before the jobs fall due, after everything was accepted.
        time.sleep(max(0.0, (due - now()).total_seconds() - 1.5))
        before = self.pg_counters()
        jfr = self.a.jfr and tag == "" and self.jcmd("JFR.start", "name=drain", "settings=profile",
                                                     f"filename={self.a.jfr}")
        committed = self.wait_succeeded(baseline + n, lead + 1800)
        if jfr:
            self.jcmd("JFR.stop", "name=drain")
        after = None
        if before:
            time.sleep(1.5)  # backends report their statistics up to a second late
            after = self.pg_counters()
        jobs = self.read_jobs(ids)
        starts = [parse(j["startedAt"]) for j in jobs.values()]
        ends = [parse(j["finishedAt"]) for j in jobs.values()]
        first = min(starts)
        span = (committed - first).total_seconds()
        span_finished = (max(ends) - first).total_seconds()
        early = sum(1 for j in jobs.values() if parse(j["startedAt"]) < parse(j["performAt"]))
        fields = dict(jobs=len(jobs), jobs_per_s=round(len(jobs) / span),
                      seconds=round(span, 3), jobs_per_s_to_last_finish=round(len(jobs) / span_finished),
                      first_start_after_due_ms=round((first - parse(min(j["performAt"] for j in jobs.values()))
                                                      ).total_seconds() * 1000),
                      early_starts=early, poll_s=self.a.poll)
        if len(jobs) != n:
            fields["missing"] = n - len(jobs)
        if before and after:
            fields["commits_per_job"] = round((after[0] - before[0]) / n, 4)
            fields["row_writes_per_job"] = round((after[1] - before[1]) / n, 3)
            # Every execution keeps its row: one per executed job here (no-op jobs succeed at their first attempt).
            fields["execution_rows_per_job"] = round((after[2] - before[2]) / n, 3)
        self.emit("drain" + tag, **fields)

    def lateness(self, n, seconds, tag):
        start = now() + timedelta(seconds=3 + n / 5000)
        jobs = [{"action": "noop", "time": iso(start + timedelta(seconds=seconds * i / n))} for i in range(n)]
        random.shuffle(jobs)
        baseline = self.succeeded_counter()
        answers, _ = self.post_batches("/api/jobs/batch", jobs, 1)
        if now() > start:
            print("WARNING: the lateness jobs were stored after the first fell due", file=sys.stderr)
        ids = [x["id"] for x in answers]
        self.wait_succeeded(baseline + n, (start - now()).total_seconds() + seconds + 600)
        found = self.read_jobs(ids)
        late = [(parse(j["startedAt"]) - parse(j["performAt"])).total_seconds() * 1000 for j in found.values()]
        self.emit("lateness" + tag, jobs=len(late), over_s=seconds, p50_ms=pct(late, 50), p99_ms=pct(late, 99),
                  max_ms=max(late), early_starts=sum(1 for v in late if v < 0))

    def single(self, clients, n, emit=True, seconds=None):
        """n calls from each of the clients, or as many as they make in the seconds given: the calls made and the
        seconds they took."""
        due = iso(now() + timedelta(days=1))
        calls = []
        until = None if seconds is None else time.perf_counter() + seconds

        def worker():
            c = Client(self.a.host, self.a.port)
            c.call("POST", "/api/jobs", {"action": "log", "time": due})  # connection and login warmed
            made = 0
            while made < n if until is None else time.perf_counter() < until:
                t0 = time.perf_counter()
                c.call("POST", "/api/jobs", {"action": "log", "time": due})
                calls.append(time.perf_counter() - t0)
                made += 1

        took = run_threads([threading.Thread(target=worker) for _ in range(clients)])
        ms = [x * 1000 for x in calls]
        if emit:
            self.emit(f"single_{clients}", clients=clients, jobs=len(calls), jobs_per_s=round(len(calls) / took),
                      p50_ms=round(pct(ms, 50), 2), p99_ms=round(pct(ms, 99), 2))
        return len(calls), took

    def settle_single(self, clients, window=5.0, most=150.0):
        """Single calls, unmeasured, until their rate stops rising: the request path is long (Liberty's web container,
        security, JAX-RS, the transaction), and on two cores the JIT compiles it for most of a minute of calls (a
        5,000-call warm-up measured 699 calls/s, the same server 1,100-1,300 after 40,000). Windows of a few seconds;
        settled when one is less than 5 % faster than the one two before it. Returns the calls made."""
        rates, made, t0 = [], 0, time.perf_counter()
        while time.perf_counter() - t0 < most:
            calls, took = self.single(clients, 0, emit=False, seconds=window)
            rates.append(calls / took)
            made += calls
            if len(rates) >= 3 and rates[-1] < 1.05 * rates[-3]:
                break
        return made

    def events(self, n, emit=True):
        kind = "bench_fanout_" + str(int(time.time())) + ("" if emit else "_warmup")
        for i in range(3):
            self.c.call("POST", "/api/rules", {"name": f"bench fan-out {i}", "trigger": {"event": kind, "offset": "P1D"},
                                               "action": "log", "args": {"rule": i}, "when": "payload.amount > 10"})
        events = [{"type": kind, "payload": {"amount": 100 + i % 7}} for i in range(n)]
        answers, took = self.post_batches("/api/events/batch", events, self.a.threads)
        made = sum(len(x.get("jobIds", [])) for x in answers)
        if emit:
            self.emit("events", events=n, rules=3, jobs_made=made, clients=self.a.threads, seconds=round(took, 3),
                      events_per_s=round(n / took))

    def heap_after_gc(self):
        if not self.jcmd("GC.run"):
            return None
        time.sleep(1)
        return self.used_heap()

    def scale(self, pending):
        heap0 = self.heap_after_gc()
        due = iso(now() + timedelta(days=1))
        _, took = self.post_batches("/api/jobs/batch", [{"action": "log", "time": due}] * pending, self.a.threads)
        heap = self.heap_after_gc()
        self.emit("scale", pending=pending, insert_jobs_per_s=round(pending / took),
                  heap_mb_after_gc=None if heap is None else round(heap / 2 ** 20, 1),
                  heap_mb_after_gc_before_fill=None if heap0 is None else round(heap0 / 2 ** 20, 1))

    def warmup(self, n):
        """Unmeasured: the same paths as the phases (a drain of n no-op jobs, single calls, an events batch), so that the
        figures are the JIT-compiled server's, as the peers' in-process figures are; the server's first requests
        otherwise run interpreted code and measure the JIT (README, "Performance")."""
        t0 = time.time()
        baseline = self.succeeded_counter()
        self.post_batches("/api/jobs/batch", [{"action": "noop", "time": iso(now())}] * n, self.a.threads)
        self.wait_succeeded(baseline + n, 600)
        # Single calls until their rate settles (settle_single): a fixed count of calls left the JIT half done.
        single_1 = self.settle_single(1)
        single_8 = self.settle_single(8)
        self.events(max(1, n // 4), emit=False)
        self.emit("warmup", jobs=n, single_calls_1=single_1, single_calls_8=single_8,
                  seconds=round(time.time() - t0, 1))

    def run(self):
        a = self.a
        if a.warmup:
            self.warmup(a.warmup)
        if a.drain:
            self.accept_and_drain(a.drain, "")
        if a.late:
            self.lateness(a.late, a.late_seconds, "")
        if a.single:
            self.single(1, a.single)
            self.single(8, max(1, a.single // 8))
        if a.events:
            self.events(a.events)
        if a.pending:
            self.scale(a.pending)
            if a.drain2:
                self.accept_and_drain(a.drain2, "_pending")
            if a.late2:
                self.lateness(a.late2, a.late_seconds2, "_pending")


def table(lines):
    """The figures of JSON lines (of one or more runs) as one Markdown table, a row per db and label."""
    runs = {}
    for r in lines:
        runs.setdefault((r["db"], r.get("label") or ""), {})[r["phase"]] = r

    def g(p, *keys, fmt="{:,}"):
        vals = [p.get(k) for k in keys] if p else []
        if not p or any(v is None for v in vals):
            return "–"
        return " / ".join(fmt.format(v) for v in vals)

    head = ["db", "run", "drain jobs/s", "early", "commits / row writes per job", "lateness p50/p99/max ms (early)",
            "batch insert jobs/s", "1 job per call 1 / 8 clients jobs/s", "events/s (3 rules)", "heap MB, pending",
            "drain & lateness with pending"]
    out = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for (db, label), ph in runs.items():
        d, l, s = ph.get("drain"), ph.get("lateness"), ph.get("scale")
        dp, lp = ph.get("drain_pending"), ph.get("lateness_pending")
        late = (g(l, "p50_ms", "p99_ms", "max_ms", fmt="{:.0f}") + f" ({l['early_starts']})") if l else "–"
        pend = "–"
        if dp or lp:
            pend = g(dp, "jobs_per_s") + " jobs/s; " + g(lp, "p50_ms", "p99_ms", "max_ms", fmt="{:.0f}") + " ms"
        out.append("| " + " | ".join([
            db, label or "–", g(d, "jobs_per_s"), g(d, "early_starts"),
            g(d, "commits_per_job", "row_writes_per_job", fmt="{}"), late, g(ph.get("accept"), "jobs_per_s"),
            g(ph.get("single_1"), "jobs_per_s") + " / " + g(ph.get("single_8"), "jobs_per_s"),
            g(ph.get("events"), "events_per_s"),
            (g(s, "heap_mb_after_gc", fmt="{}") + f", {s['pending']:,}") if s else "–", pend]) + " |")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="localhost")
    ap.add_argument("--port", type=int, default=9080)
    ap.add_argument("--db", default="?", help="name of the store, for the output (derby, postgresql)")
    ap.add_argument("--label", default="", help="name of the run, for the output (e.g. before, after)")
    ap.add_argument("--out", help="append the JSON lines to this file too")
    ap.add_argument("--quick", action="store_true", help="small sizes: a run of a few minutes")
    ap.add_argument("--drain", type=int, help="jobs accepted then drained (default 100000; quick 20000)")
    ap.add_argument("--late", type=int, help="lateness jobs (default 10000; quick 2000)")
    ap.add_argument("--late-seconds", type=float, help="spread of the lateness jobs (default 60; quick 20)")
    ap.add_argument("--single", type=int, help="calls of one-job POSTs, 1 client; 8 clients make as many "
                                               "(default 10000; quick 2000)")
    ap.add_argument("--events", type=int, help="events posted in batches (default 20000; quick 5000)")
    ap.add_argument("--pending", type=int, help="future jobs for the scale phase (default 1000000; quick 100000)")
    ap.add_argument("--drain2", type=int, help="drain with them pending (default: --drain)")
    ap.add_argument("--late2", type=int, help="lateness jobs with them pending (default: --late)")
    ap.add_argument("--late-seconds2", type=float, help="(default: --late-seconds)")
    ap.add_argument("--warmup", type=int, default=0, help="before measuring, drive every path once, unmeasured: a drain "
                    "of N jobs, single calls from 1 client and from 8 until their rate settles, N/4 events (0: none, the "
                    "server starts cold)")
    ap.add_argument("--threads", type=int, default=4, help="clients posting batches at once")
    ap.add_argument("--lead", type=float, default=0, help="seconds from now to the drain jobs' due time (0: guess)")
    ap.add_argument("--poll", type=float, default=0.05, help="seconds between polls of the succeeded counter")
    ap.add_argument("--pid", type=int, help="the server JVM's pid (jcmd: GC before the heap figure; JFR)")
    ap.add_argument("--jfr", help="record the first drain with JFR into this file (needs --pid)")
    ap.add_argument("--pg-host", default="127.0.0.1")
    ap.add_argument("--pg-port", type=int, default=5432)
    ap.add_argument("--pg-user", default="postgres")
    ap.add_argument("--pg-database", default="test")
    ap.add_argument("--pg-schema", default="timeos_bench")
    ap.add_argument("--table", nargs="*", help="only print the table of these JSON-lines files")
    a = ap.parse_args()
    if a.table is not None:
        lines = [json.loads(l) for f in a.table for l in open(f) if l.strip().startswith("{")]
        print(table(lines))
        return
    quick = a.quick
    for name, full, small in [("drain", 100000, 20000), ("late", 10000, 2000), ("late_seconds", 60, 20),
                              ("single", 10000, 2000), ("events", 20000, 5000), ("pending", 1000000, 100000)]:
        if getattr(a, name) is None:
            setattr(a, name, small if quick else full)
    a.drain2 = a.drain if a.drain2 is None else a.drain2
    a.late2 = a.late if a.late2 is None else a.late2
    a.late_seconds2 = a.late_seconds if a.late_seconds2 is None else a.late_seconds2
    b = Bench(a)
    b.run()
    print(table(b.results))


if __name__ == "__main__":
    main()

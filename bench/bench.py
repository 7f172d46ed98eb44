#!/usr/bin/env python3
"""End-to-end figures of a RUNNING TimeOS server (see bench/README.md). Standard library only.

Phases:
  1. accept: POST /api/jobs/batch, 1000 no-op jobs per request, from --threads clients at once, all due at
     one instant far enough ahead that every job is stored before it: jobs accepted per second.
  2. drain: those jobs all fall due together: jobs/s from the first start to the last finish, read from the
     jobs themselves (startedAt, finishedAt).
  3. precision: --precise jobs due one every 20 ms, with nothing else to do: lateness of each start
     (execution startedAt - performAt): p50, p99, max, and how many started before their due time (must be 0).
"""
import argparse
import base64
import http.client
import json
import os
import statistics
import threading
import time
from datetime import datetime, timezone, timedelta


def iso(t):
    return t.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


# The management API wants an admin: the same variables as the server's (liberty:run's development user by default).
AUTHORIZATION = "Basic " + base64.b64encode("{}:{}".format(
    os.environ.get("TIMEOS_ADMIN_USER") or "admin",
    os.environ.get("TIMEOS_ADMIN_PASSWORD") or "timeos-dev-admin").encode()).decode()


class Client:
    def __init__(self, host, port):
        self.conn = http.client.HTTPConnection(host, port, timeout=120)

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"} if data is not None else {}
        headers["Authorization"] = AUTHORIZATION
        self.conn.request(method, path, body=data, headers=headers)
        r = self.conn.getresponse()
        raw = r.read()
        if r.status >= 300:
            raise RuntimeError(f"{method} {path}: {r.status} {raw[:300]!r}")
        return json.loads(raw) if raw else None


def accept(args, due):
    batches = [[{"action": "noop", "time": iso(due)} for _ in range(args.batch)]
               for _ in range(args.jobs // args.batch)]
    ids, lock = [], threading.Lock()

    def worker(mine):
        c = Client(args.host, args.port)
        for b in mine:
            out = c.call("POST", "/api/jobs/batch", b)
            bad = [x for x in out if "id" not in x]
            if bad:
                raise RuntimeError(f"refused: {bad[0]}")
            with lock:
                ids.extend(x["id"] for x in out)

    threads = [threading.Thread(target=worker, args=(batches[i::args.threads],)) for i in range(args.threads)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.perf_counter() - t0
    return ids, took


def succeeded_jobs(c, wanted):
    """The wanted jobs as listed (newest first), paging through SUCCEEDED no-op jobs."""
    found, offset = {}, 0
    while True:
        page = c.call("GET", f"/api/jobs?action=noop&status=SUCCEEDED&limit=1000&offset={offset}")
        for j in page["items"]:
            if j["id"] in wanted:
                found[j["id"]] = j
        offset += 1000
        if offset >= page["total"] or len(found) == len(wanted):
            return found


def wait_done(c, ids, deadline_s):
    wanted = set(ids)
    end = time.time() + deadline_s
    while time.time() < end:
        stats = c.call("GET", "/api/stats")
        jobs = stats.get("jobs", {})
        if jobs.get("SCHEDULED", 0) + jobs.get("RUNNING", 0) + jobs.get("FAILED", 0) == 0:
            break
        time.sleep(0.5)
    return succeeded_jobs(c, wanted)


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s)) - 1))]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="localhost")
    ap.add_argument("--port", type=int, default=9080)
    ap.add_argument("--jobs", type=int, default=20000, help="jobs for accept + drain (multiple of --batch)")
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=4, help="clients posting batches at once")
    ap.add_argument("--lead", type=float, default=0, help="seconds between now and the drain jobs' due time (0: guess)")
    ap.add_argument("--precise", type=int, default=200, help="jobs for the precision phase (0: skip)")
    args = ap.parse_args()
    c = Client(args.host, args.port)

    lead = args.lead or max(10.0, args.jobs / 2000)
    due = datetime.now(timezone.utc) + timedelta(seconds=lead)
    ids, took = accept(args, due)
    print(f"accept     {len(ids)} jobs in {took:.2f} s = {len(ids) / took:,.0f} jobs/s "
          f"({args.threads} clients, {args.batch} per request)")
    if datetime.now(timezone.utc) >= due:
        print(f"           WARNING: accepting took longer than the lead of {lead} s; the drain overlaps it (use --lead)")

    done = wait_done(c, ids, lead + 600)
    if len(done) != len(ids):
        print(f"drain      only {len(done)} of {len(ids)} succeeded")
    starts = [parse(j["startedAt"]) for j in done.values()]
    ends = [parse(j["finishedAt"]) for j in done.values()]
    span = (max(ends) - min(starts)).total_seconds()
    stored_due = min(parse(j["performAt"]) for j in done.values())
    print(f"drain      {len(done)} due jobs in {span:.2f} s = {len(done) / span:,.0f} jobs/s "
          f"(first start {(min(starts) - stored_due).total_seconds() * 1000:.0f} ms after the due time)")
    # Against the stored due time (millisecond precision), not the client's microsecond one.
    early = sum(1 for j in done.values() if parse(j["startedAt"]) < parse(j["performAt"]))
    print(f"           started before due: {early}")

    if args.precise:
        first = datetime.now(timezone.utc) + timedelta(seconds=3)
        jobs = [{"action": "noop", "time": iso(first + timedelta(milliseconds=20 * i))} for i in range(args.precise)]
        out = c.call("POST", "/api/jobs/batch", jobs)
        pids = [x["id"] for x in out]
        time.sleep(3 + args.precise * 0.02 + 1)
        late = []
        for i in pids:
            j = c.call("GET", f"/api/jobs/{i}")
            x = j["executions"][0]
            late.append((parse(x["startedAt"]) - parse(j["performAt"])).total_seconds() * 1000)
        print(f"precision  {len(late)} jobs due every 20 ms: lateness p50 {statistics.median(late):.0f} ms, "
              f"p99 {pct(late, 99):.0f} ms, max {max(late):.0f} ms; started before due: {sum(1 for v in late if v < 0)}")


if __name__ == "__main__":
    main()

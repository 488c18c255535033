#!/usr/bin/env python3
"""Draws benchmarks/results/chart.svg from the recorded results (results/*.csv), Python's standard library only.

Left: events per second delivered end to end, per path (the latest row of each in the CSVs).
Right: the application thread's log-call latency (p99 and p99.9, microseconds) with no appender, with logship
while the sink is up, and with logship while the sink is down and batches go to the spill store.
Run it after a benchmark script has appended new rows:  python3 benchmarks/chart.py
"""
import csv
import os
from html import escape

HERE = os.path.dirname(os.path.abspath(__file__))
RESULTS = os.path.join(HERE, "results")


def rows(name):
    with open(os.path.join(RESULTS, name), newline="") as f:
        return list(csv.DictReader(f))


def latest(table, key, value):
    found = [r for r in table if all(r.get(k) == v for k, v in zip(key, value))]
    return found[-1] if found else None


def throughput_bars():
    bars = []
    t = rows("throughput.csv")
    for comp in ("zstd", "gzip"):
        r = latest(t, ("mode", "compression", "producers"), ("logship", comp, "1"))
        if r and r["delivered_per_s"]:
            bars.append(("_bulk, in-process receiver, " + comp, float(r["delivered_per_s"])))
    o = rows("opensearch.csv")
    for comp in ("gzip", "zstd"):
        r = latest(o, ("mode", "compression"), ("logship-url", comp))  # "logship" rows: the in-process receiver
        if r and r["delivered_per_s"]:
            bars.append(("real OpenSearch 2.19, " + comp, float(r["delivered_per_s"])))
    g = rows("gelf.csv")
    for target, label in (("gelf tcp", "GELF TCP"), ("gelf http bulk", "GELF HTTP bulk"),
                          ("gelf udp gzip", "GELF UDP (gzip)"), ("gelf http single", "GELF HTTP, one per request")):
        r = latest(g, ("target",), (target,))
        if r:
            bars.append((label, float(r["events_per_s"])))
    return bars


def latency_bars():
    s = rows("spill.csv")
    bars = []
    for phase, label in (("noop", "no appender"), ("baseline", "logship, sink up"), ("outage", "logship, sink down: spilling")):
        r = latest(s, ("phase", "codec"), (phase, "zstd"))
        if r:
            bars.append((label, float(r["p99_us"]), float(r["p999_us"])))
    return bars, (latest(s, ("phase", "codec"), ("outage", "zstd")) or {}).get("rate", "")


def svg():
    width, height = 1100, 430
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="Helvetica, Arial, sans-serif" '
           'font-size="13">' % (width, height), '<rect width="100%" height="100%" fill="white"/>']
    # left panel: throughput
    bars = throughput_bars()
    x0, y0, label_w, bar_w = 20, 60, 210, 260
    out.append('<text x="%d" y="30" font-size="16" font-weight="bold">Events per second delivered end to end</text>' % x0)
    dropped = sum(int(r.get("dropped") or 0) for f in ("throughput.csv", "opensearch.csv", "gelf.csv") for r in rows(f))
    out.append('<text x="%d" y="48" fill="#555">2 cores, Java 17, one producer; in-process receivers unless named</text>' % x0)
    drops = "no event dropped in any recorded run" if dropped == 0 else f"{dropped:,} events dropped in the recorded runs"
    top = max(v for _, v in bars) if bars else 1
    for i, (label, value) in enumerate(bars):
        y = y0 + i * 40
        w = bar_w * value / top
        out.append('<text x="%d" y="%d" fill="#222">%s</text>' % (x0, y + 17, escape(label)))
        out.append('<rect x="%d" y="%d" width="%.1f" height="24" fill="#2f6db5"/>' % (x0 + label_w, y, w))
        out.append('<text x="%.1f" y="%d" fill="#222">%s</text>' % (x0 + label_w + w + 6, y + 17, f"{value:,.0f}/s"))
    # right panel: latency
    lat, rate = latency_bars()
    x1 = 600
    out.append('<text x="%d" y="30" font-size="16" font-weight="bold">Log call on the application thread</text>' % x1)
    out.append('<text x="%d" y="48" fill="#555">microseconds at %s events/s; the sink down for 15 s</text>'
               % (x1, f"{int(rate):,}" if rate else "a steady rate"))
    top = max(max(p99, p999) for _, p99, p999 in lat) if lat else 1
    for i, (label, p99, p999) in enumerate(lat):
        y = y0 + i * 80
        out.append('<text x="%d" y="%d" fill="#222">%s</text>' % (x1, y + 14, escape(label)))
        for j, (name, value, colour) in enumerate((("p99", p99, "#7fa7d9"), ("p99.9", p999, "#2f6db5"))):
            w = 300 * value / top
            yy = y + 22 + j * 24
            out.append('<text x="%d" y="%d" fill="#555">%s</text>' % (x1, yy + 15, name))
            out.append('<rect x="%d" y="%d" width="%.1f" height="20" fill="%s"/>' % (x1 + 50, yy, w, colour))
            out.append('<text x="%.1f" y="%d" fill="#222">%s</text>' % (x1 + 56 + w, yy + 15, f"{value:g} µs"))
    out.append('<text x="20" y="%d" fill="#777" font-size="11">Drawn by benchmarks/chart.py from benchmarks/results/*.csv '
               '(%s); how each number is measured: benchmarks/README.md</text>' % (height - 12, drops))
    out.append('</svg>')
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    target = os.path.join(RESULTS, "chart.svg")
    with open(target, "w") as f:
        f.write(svg())
    print("wrote", target)

"""Turns the CSV written by pgbench.sh into Markdown tables: per configuration, the median over repeats of each
target's TPS and average latency, the TPS ratios (of medians), and the proxy's CPU use.

Usage: report.py RESULTS.csv "TARGET ..." CORES
"""
import csv
import statistics
import sys


def median(values):
    values = [float(v) for v in values if v not in ("", "-")]
    return statistics.median(values) if values else None


def main(path, targets, cores):
    rows = list(csv.DictReader(open(path)))
    keys, runs = [], {}
    for r in rows:
        k = (r["script"], r["mode"], int(r["clients"]))
        if k not in runs:
            keys.append(k)
            runs[k] = {}
        runs[k].setdefault(r["target"], []).append(r)

    def stat(k, t, column):
        return median(r[column] for r in runs[k].get(t, []))

    repeats = max(len(v) for k in keys for v in runs[k].values())
    pairs = [("sluice", "direct"), ("sluice", "pgbouncer-tls"), ("sluice-plain", "direct"), ("sluice-plain", "pgbouncer")]
    # Every other TLS Sluice (the current one and SLUICE_VARIANTS) against the baseline build, when there is one.
    pairs += [(t, "sluice-base") for t in targets if t.startswith("sluice") and t not in ("sluice-plain", "sluice-base")]
    ratios = [(a, b) for a, b in pairs if a in targets and b in targets]
    if repeats > 1:
        print(f"Median of {repeats} runs per cell.")
        print()
    head = ["script", "mode", "clients"] + [f"{t} TPS (ms)" for t in targets] + [f"{a} / {b}" for a, b in ratios]
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join(["---"] * 3 + ["--:"] * (len(head) - 3)) + "|")
    for k in keys:
        cells = [k[0], k[1], str(k[2])]
        for t in targets:
            tps, latency = stat(k, t, "tps"), stat(k, t, "latency_avg_ms")
            cells.append(f"{tps:,.0f} ({latency:.2f})" if tps is not None else "failed")
        for a, b in ratios:
            x, y = stat(k, a, "tps"), stat(k, b, "tps")
            cells.append(f"{x / y:.2f}" if x is not None and y else "-")
        print("| " + " | ".join(cells) + " |")

    if repeats > 1 and ratios:
        # Targets run one after another within a round, so a round's ratio compares runs seconds apart: the
        # spread of these paired ratios shows how much of a difference the noise could explain.
        print()
        print("Ratio in each round (targets alternate within a round), sorted:")
        print()
        print("| script | mode | clients | " + " | ".join(f"{a} / {b}" for a, b in ratios) + " |")
        print("|---|---|---|" + "|".join(["--:"] * len(ratios)) + "|")
        for k in keys:
            cells = [k[0], k[1], str(k[2])]
            for a, b in ratios:
                by_round = {}
                for t in (a, b):
                    for r in runs[k].get(t, []):
                        if r["tps"] not in ("", "-"):
                            by_round.setdefault(r["repeat"], {})[t] = float(r["tps"])
                values = sorted(v[a] / v[b] for v in by_round.values() if a in v and v.get(b))
                cells.append(" ".join(f"{x:.2f}" for x in values) if values else "-")
            print("| " + " | ".join(cells) + " |")

    proxies = [t for t in targets if t != "direct"]
    if not proxies:
        return
    print()
    print(f"Proxy process CPU during each run (100% = one core of {cores}), and its CPU time per transaction:")
    print()
    print("| script | mode | clients | " + " | ".join(proxies) + " |")
    print("|---|---|---|" + "|".join(["--:"] * len(proxies)) + "|")
    for k in keys:
        cells = [k[0], k[1], str(k[2])]
        for t in proxies:
            cpu, tps = stat(k, t, "proxy_cpu_pct"), stat(k, t, "tps")
            cells.append(f"{cpu:.0f}% ({cpu / 100 / tps * 1e6:.0f} µs)" if cpu is not None and tps else "-")
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2].split(), sys.argv[3])

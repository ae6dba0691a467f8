"""Turns the CSV written by masking.sh into Markdown tables: the main comparison (median over rounds of wall time
and rows/s per client and path, with the ratios of rows/s) and the heap series (masked and unmasked at each
result size, with Sluice's peak heap).

Usage: masking_report.py RESULTS.csv
"""
import csv
import statistics
import sys


def median(values):
    values = [float(v) for v in values if v not in ("", "-")]
    return statistics.median(values) if values else None


def mb(value):
    return f"{value / 1048576:,.0f}" if value is not None else "-"


def main(path):
    rows = list(csv.DictReader(open(path)))

    def cell(series, tool, n, target, column, how=median):
        picked = [r[column] for r in rows if (r["series"], r["tool"], r["rows"], r["target"]) == (series, tool, n, target)]
        values = [float(v) for v in picked if v not in ("", "-")]
        return how(values) if values else None

    main_rows = [r for r in rows if r["series"] == "main"]
    if main_rows:
        rounds = max(int(r["round"]) for r in main_rows)
        n = main_rows[0]["rows"]
        print(f"`SELECT * FROM customers`, {int(n):,} rows; median of {rounds} rounds (targets alternate within a round). "
              "Time is the client's wall time, connection included; heap is Sluice's peak during the run (max over "
              "rounds), CPU is Sluice's user+system CPU time.")
        print()
        print("| client | direct s (rows/s) | Sluice dba s (rows/s) | Sluice support, masked s (rows/s) "
              "| masked / unmasked | masked / direct | unmasked / direct | Sluice CPU s dba / support "
              "| peak heap MB dba / support |")
        print("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
        for tool in dict.fromkeys(r["tool"] for r in main_rows):
            s = {t: cell("main", tool, n, t, "seconds") for t in ("direct", "dba", "support")}
            rate = {t: int(n) / v if v else None for t, v in s.items()}

            def ratio(a, b):
                return f"{rate[a] / rate[b]:.2f}" if rate[a] and rate[b] else "-"

            cpu = [cell("main", tool, n, t, "sluice_cpu_s") for t in ("dba", "support")]
            heap = [cell("main", tool, n, t, "peak_heap_bytes", max) for t in ("dba", "support")]
            print("| " + " | ".join([
                tool,
                *(f"{s[t]:.2f} ({rate[t]:,.0f})" if s[t] else "-" for t in ("direct", "dba", "support")),
                ratio("support", "dba"), ratio("support", "direct"), ratio("dba", "direct"),
                " / ".join(f"{c:.1f}" if c is not None else "-" for c in cpu),
                " / ".join(mb(h) for h in heap),
            ]) + " |")

    size_rows = [r for r in rows if r["series"] == "sizes"]
    if size_rows:
        print()
        print("Result size against Sluice's heap (psql, one run each; the heap is collected before each run):")
        print()
        print("| rows | dba s (rows/s) | support s (rows/s) | masked / unmasked | peak heap MB dba / support "
              "| peak old gen MB dba / support |")
        print("|--:|--:|--:|--:|--:|--:|")
        for n in dict.fromkeys(r["rows"] for r in size_rows):
            s = {t: cell("sizes", "psql", n, t, "seconds") for t in ("dba", "support")}
            rate = {t: int(n) / v if v else None for t, v in s.items()}
            print("| " + " | ".join([
                f"{int(n):,}",
                *(f"{s[t]:.2f} ({rate[t]:,.0f})" if s[t] else "-" for t in ("dba", "support")),
                f"{rate['support'] / rate['dba']:.2f}" if rate["support"] and rate["dba"] else "-",
                " / ".join(mb(cell("sizes", "psql", n, t, "peak_heap_bytes", max)) for t in ("dba", "support")),
                " / ".join(mb(cell("sizes", "psql", n, t, "peak_old_gen_bytes", max)) for t in ("dba", "support")),
            ]) + " |")


if __name__ == "__main__":
    main(sys.argv[1])

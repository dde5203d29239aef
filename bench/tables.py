#!/usr/bin/python3
"""Turns the raw results of apache-bench, wrapper-cost and guest-bench
into the markdown tables of BENCHMARKS.md.

  tables.py apache RAW.tsv              throughput, latency and ratios
  tables.py targets RAW.tsv [BASE...]   secgi's ratios to each BASE variant
                                        (default: bare-static suexec)
  tables.py guest RAW.tsv               the same from the guest, ratios
  tables.py guest-timing RAW.timing     steps of secgi-wrap in the guest
  tables.py wrapper RAW.txt             the wrapper's cost per exec
"""
import collections
import statistics
import sys

# Variants in table order, with the text of their first column.
VARIANT_NAMES = {
    "cgi": "plain CGI (ScriptAlias)",
    "suexec": "suEXEC",
    "bare-static": "bare exec wrapper, static",
    "bare-dynamic": "bare exec wrapper, dynamic",
    "secgi-offline": "secgi-wrap-offline",
    "secgi-offline-static": "secgi-wrap-offline, static libraries",
    "secgi-replay": "secgi-wrap-replay, shared libraries",
    "secgi-replay-static": "secgi-wrap-replay, linked as installed",
    "secgi": "secgi-wrap, as installed",
    "secgi-dynamic": "secgi-wrap-dynamic, shared libraries",
}


def read_tsv(path):
    with open(path) as f:
        header = f.readline().rstrip("\n").split("\t")
        return [dict(zip(header, line.rstrip("\n").split("\t"))) for line in f]


def median_or_none(values):
    return statistics.median(values) if values else None


def fmt(value, digits=2):
    return "n/a" if value is None else f"{value:.{digits}f}"


def apache_tables(path, with_latency=True, with_rps=True):
    rows = read_tsv(path)
    by_cell = collections.defaultdict(dict)  # (mpm, c, round) -> variant -> row
    for row in rows:
        key = (row.get("mpm", ""), int(row["concurrency"]), row["round"])
        by_cell[key][row["variant"]] = row
    groups = sorted({(m, c) for m, c, _ in by_cell}, key=lambda g: (g[0] != "event", g))
    seen = list(dict.fromkeys(row["variant"] for row in rows))
    variants = [v for v in VARIANT_NAMES if v in seen]
    variants += [v for v in seen if v not in VARIANT_NAMES]
    out = []
    for mpm, c in groups:
        cells = [cell for (m, cc, _), cell in by_cell.items() if (m, cc) == (mpm, c)]
        has_cpu = any(cell[v].get("cpu_ms") for cell in cells for v in cell)
        header = "| variant | req/s | ratio to plain CGI | ratio to bare static |"
        rule = "| --- | ---: | ---: | ---: |"
        if not with_rps:
            header = "| variant | ratio to plain CGI | ratio to bare static |"
            rule = "| --- | ---: | ---: |"
        if with_latency:
            header += " p50 (ms) | p99 (ms) | errors |"
            rule += " ---: | ---: | ---: |"
        if has_cpu:
            header += " server CPU per request (ms) | CPU ratio, bare static to it |"
            rule += " ---: | ---: |"
        title = f"mpm_{mpm}, concurrency {c}" if mpm else f"Concurrency {c}"
        out += [f"{title}, median of {len(cells)} rounds:", "", header, rule]
        for v in variants:
            if not any(v in cell for cell in cells):
                continue
            rps = [float(cell[v]["rps"] or 0) for cell in cells if v in cell]

            def ratios(base):
                return [float(cell[v]["rps"] or 0) / float(cell[base]["rps"])
                        for cell in cells
                        if v in cell and base in cell and float(cell[base]["rps"] or 0) > 0]

            line = f"| {VARIANT_NAMES.get(v, v)} |"
            if with_rps:
                line += f" {fmt(median_or_none(rps), 1)} |"
            line += (f" {fmt(median_or_none(ratios('cgi')))} |"
                     f" {fmt(median_or_none(ratios('bare-static')))} |")
            if with_latency:
                p50 = [float(cell[v]["p50_ms"]) for cell in cells if v in cell]
                p99 = [float(cell[v]["p99_ms"]) for cell in cells if v in cell]
                errors = sum(int(cell[v]["errors"]) for cell in cells if v in cell)
                line += f" {fmt(median_or_none(p50))} | {fmt(median_or_none(p99))} | {errors} |"
            if has_cpu:
                cpu = [float(cell[v]["cpu_ms"]) for cell in cells
                       if v in cell and cell[v].get("cpu_ms")]
                cpu_ratio = [float(cell["bare-static"]["cpu_ms"]) / float(cell[v]["cpu_ms"])
                             for cell in cells
                             if v in cell and "bare-static" in cell
                             and cell[v].get("cpu_ms") and cell["bare-static"].get("cpu_ms")
                             and float(cell[v]["cpu_ms"]) > 0]
                line += f" {fmt(median_or_none(cpu))} | {fmt(median_or_none(cpu_ratio))} |"
            out.append(line)
        out.append("")
    out.append("Ratios are medians of the per-round ratios, so a round slowed "
               "by other load counts against all variants alike; with two "
               "rounds (--quick) one stalled run still moves a ratio.")
    if any(row.get("cpu_ms") for row in rows):
        out.append("Server CPU per request is the CPU time of Apache's "
                   "cpuacct cgroup (Apache, mod_cgid's daemon, the wrappers "
                   "and the CGIs) during a run, divided by its requests. Its "
                   "ratio (the bare static wrapper's CPU over the variant's) "
                   "is the throughput ratio a CPU-bound server would reach, "
                   "and other load on the machine disturbs it less than req/s.")
    return "\n".join(out)


def target_table(path, bases=("bare-static", "suexec")):
    """Returns the ratios of each secgi variant to BASES per concurrency,
    for req/s and for server CPU per request (base CPU over variant CPU)."""
    rows = read_tsv(path)
    by_cell = collections.defaultdict(dict)
    for row in rows:
        key = (row.get("mpm", ""), int(row["concurrency"]), row["round"])
        by_cell[key][row["variant"]] = row
    groups = sorted({(m, c) for m, c, _ in by_cell}, key=lambda g: (g[0] != "event", g))
    seen = list(dict.fromkeys(row["variant"] for row in rows))
    variants = [v for v in seen if v.startswith("secgi")]

    def ratio(cells, v, base, field, inverse):
        values = []
        for cell in cells:
            if v in cell and base in cell and cell[v].get(field) and cell[base].get(field):
                a, b = float(cell[v][field]), float(cell[base][field])
                if a > 0 and b > 0:
                    values.append(b / a if inverse else a / b)
        return median_or_none(values)

    has_cpu = any(row.get("cpu_ms") for row in rows)
    header = "| variant |"
    rule = "| --- |"
    for mpm, c in groups:
        for base in bases:
            label = f"{mpm} " if mpm else ""
            header += f" {label}c={c} vs {base} |"
            rule += " ---: |"
    out = [header, rule]
    for v in variants:
        line = f"| {VARIANT_NAMES.get(v, v)}, req/s |"
        for mpm, c in groups:
            cells = [cell for (m, cc, _), cell in by_cell.items() if (m, cc) == (mpm, c)]
            for base in bases:
                line += f" {fmt(ratio(cells, v, base, 'rps', False))} |"
        out.append(line)
        if not has_cpu:
            continue
        line = f"| {VARIANT_NAMES.get(v, v)}, CPU |"
        for mpm, c in groups:
            cells = [cell for (m, cc, _), cell in by_cell.items() if (m, cc) == (mpm, c)]
            for base in bases:
                line += f" {fmt(ratio(cells, v, base, 'cpu_ms', True))} |"
        out.append(line)
    return "\n".join(out)


# Step boundaries of a timing report, in table order. A step runs from
# the first mark of its name to the next boundary in time, so the table
# stays right when the wrapper reorders its steps.
STEPS = [
    ("exec", "kernel exec and dynamic loading, to the first constructor"),
    ("ctor", "other initializers, to main"),
    ("secgi::open_log", "configuration (openlog, read and parse secgi.conf)"),
    ("secgi::check_enforcing", "SELinux state and caller (mode, contexts, user id)"),
    ("secgi::parse_environment", "request environment"),
    ("secgi::read_identity", "identity (REMOTE_USER, NSS account and groups)"),
    ("secgi::open_script", "script checks (open, check, label)"),
    ("secgi::index_path", "mapping lookup (open the index, look up)"),
    ("secgi::make_policy", "policy set-up (offline: libsepol loads policy.33)"),
    ("policy-query", "policy checks (compute the context, validate)"),
    ("secgi::script_name_for", "script environment and resource limits"),
    ("secgi::log_decision", "syslog decision line"),
    ("secgi::close_descriptors", "close descriptors, set exec context"),
]
# Marks inside the offline build's policy loading, not yet a query.
POLICY_LOADING = {"sepol_set_policydb_from_file", "sepol_policydb_read"}
def parse_timing(line):
    """Returns (marks in order, fields) of a secgi-timing report."""
    marks, fields = [], {}
    for word in line.split()[1:]:
        name, _, value = word.partition("=")
        if name in ("end", "hwm_kib", "maxrss_kib"):
            fields[name] = value
        elif value.isdigit():
            marks.append((name, int(value)))
    return marks, fields


def step_times(marks):
    """Returns {step: ns} for one run, or None when a boundary is missing.
    Without the exec time (runs through Apache), start-up is missing and
    the total counts from the first constructor."""
    first = {}
    after_policy = False
    for name, ns in marks:
        if name == "secgi::make_policy":
            after_policy = True
        elif after_policy and name not in POLICY_LOADING and "policy-query" not in first:
            first["policy-query"] = ns
        first.setdefault(name, ns)
    names = [name for name, _ in STEPS]
    optional = {"exec"}
    if not all(n in first for n in names if n not in optional):
        return None
    bounds = sorted((first[n], n) for n in names if n in first)
    bounds.append((marks[-1][1], "end"))
    times = {}
    for (start, name), (stop, _) in zip(bounds, bounds[1:]):
        times[name] = stop - start
    times["total"] = bounds[-1][0] - bounds[0][0]
    times["after-start"] = bounds[-1][0] - first["secgi::open_log"]
    return times


def step_table(reports, shares=False):
    """Returns the markdown rows of the step table for {name: [report]},
    in µs, or with SHARES in percent of the median total."""
    table, hwm = {}, {}
    for name, lines in reports.items():
        per_step = collections.defaultdict(list)
        peaks = []
        for timing in lines:
            marks, fields = parse_timing(timing)
            times = step_times(marks) if fields.get("end") == "execveat" else None
            if times is None:
                continue
            for step, ns in times.items():
                per_step[step].append(ns)
            if fields.get("hwm_kib", "-1") != "-1":
                peaks.append(int(fields["hwm_kib"]))
        table[name] = {s: median_or_none(v) for s, v in per_step.items()}
        table[name]["runs"] = len(per_step["total"])
        hwm[name] = max(peaks) if peaks else None
    names = list(table)

    def cell(name, step, digits=1):
        value = table[name].get(step)
        if value is None:
            return "n/a"
        if shares:
            total = table[name].get("total")
            return "n/a" if not total else f"{100 * value / total:.0f} %"
        return fmt(value / 1e3, digits)

    out = ["| step | " + " | ".join(names) + " |",
           "| --- |" + " ---: |" * len(names)]
    for step, text in STEPS:
        out.append(f"| {text} | " + " | ".join(cell(n, step) for n in names) + " |")
    if not shares:
        out.append("| **total, to the execveat of the script** | " +
                   " | ".join(f"**{cell(n, 'total', 0)}**" for n in names) + " |")
        out.append("| total without start-up (main to execveat) | " +
                   " | ".join(cell(n, "after-start", 0) for n in names) + " |")
    out.append("| peak RSS before execveat, max (KiB) | " + " | ".join(
        str(hwm[n]) if hwm[n] is not None else "n/a" for n in names) + " |")
    out.append("| runs | " + " | ".join(str(table[n]["runs"]) for n in names) + " |")
    return out


def guest_timing(path):
    with open(path) as f:
        lines = [line.strip() for line in f if line.startswith("secgi-timing")]
    out = ["secgi-wrap (kernel build, as installed) through Apache in the guest: "
           "each step's median time in percent of the median time from the "
           "first constructor to the script's execveat (emulated, so only "
           "shares mean anything):", ""]
    rows = step_table({"share in the guest": lines}, shares=True)
    return "\n".join(out + [r for r in rows if not r.startswith("| kernel exec")])


def wrapper_tables(path):
    runs = collections.defaultdict(list)
    extra = {}
    machine = ""
    with open(path) as f:
        for raw in f:
            label, _, rest = raw.rstrip("\n").partition("\t")
            if label == "machine":
                machine = rest
            elif label.startswith(("rss:", "syscalls:")):
                extra[label] = rest.partition("=")[2]
            else:
                runs[label].append(rest)

    def wall_quantile(label, q):
        walls = sorted(int(r.split()[0].partition("=")[2]) for r in runs.get(label, []))
        return walls[int(q * (len(walls) - 1))] if walls else None

    out = [f"Machine: {machine}.", ""]
    out += ["Direct invocation (fork, exec, wait) of each build running the "
            "trivial CGI: wall time, median and 10th percentile (the runs "
            "least disturbed by other load), and what each adds to "
            "executing the CGI itself.", "",
            "| program | runs | wall, median (µs) | wall, p10 (µs) | "
            "added, median (µs) | added, p10 (µs) | peak RSS (KiB) | system calls |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    hello = {q: wall_quantile("wall:hello", q) for q in (0.5, 0.1)}
    for label in [k for k in runs if k.startswith("wall:")]:
        name = label[5:]
        wall = {q: wall_quantile(label, q) for q in (0.5, 0.1)}
        added = {q: None if wall[q] is None or hello[q] is None or name == "hello"
                 else wall[q] - hello[q] for q in wall}
        out.append(f"| {name} | {len(runs[label])} | {fmt(wall[0.5] / 1e3, 0)} | "
                   f"{fmt(wall[0.1] / 1e3, 0)} | "
                   f"{'-' if added[0.5] is None else fmt(added[0.5] / 1e3, 0)} | "
                   f"{'-' if added[0.1] is None else fmt(added[0.1] / 1e3, 0)} | "
                   f"{extra.get('rss:' + name, 'n/a')} | "
                   f"{extra.get('syscalls:' + name, 'n/a')} |")
    out += ["", "Peak RSS is GNU time's maximum resident set size, the larger "
            "of the wrapper's and the CGI's; system calls are strace -f -c "
            "counts, the CGI's included.", ""]

    start = {}
    for name in ("static", "dynamic"):
        ctor = [dict(parse_timing(r[r.find("secgi-timing"):])[0]).get("ctor")
                for r in runs.get("steps:start-" + name, [])]
        start[name] = median_or_none([c for c in ctor if c is not None])
    out += ["Exec to the first constructor of an empty C program (the "
            "kernel's exec, and glibc's loader for libc alone): "
            f"static {fmt(start['static'] and start['static'] / 1e3, 0)} µs, "
            f"dynamic {fmt(start['dynamic'] and start['dynamic'] / 1e3, 0)} µs.",
            ""]

    reports = {label[6:]: [r[r.find("secgi-timing"):] for r in runs[label]]
               for label in runs if label.startswith("steps:secgi")}
    out += ["Steps of the timing builds (median µs per step over the runs; "
            "the medians need not add up to the median total):", ""]
    return "\n".join(out + step_table(reports))


def main(argv):
    if len(argv) >= 3 and argv[1] == "apache":
        print(apache_tables(argv[2]))
    elif len(argv) >= 3 and argv[1] == "guest":
        print(apache_tables(argv[2], with_latency=False, with_rps=False))
    elif len(argv) >= 3 and argv[1] == "targets":
        bases = tuple(argv[3:]) or ("bare-static", "suexec")
        print(target_table(argv[2], bases))
    elif len(argv) == 3 and argv[1] == "guest-timing":
        print(guest_timing(argv[2]))
    elif len(argv) == 3 and argv[1] == "wrapper":
        print(wrapper_tables(argv[2]))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except OSError as error:
        sys.exit(f"tables.py: cannot read {error.filename}: {error.strerror}")
    except (KeyError, ValueError, IndexError) as error:
        sys.exit(f"tables.py: {sys.argv[2]} is not a {sys.argv[1]} result "
                 f"file ({type(error).__name__}: {error}); see the usage "
                 "with no arguments")

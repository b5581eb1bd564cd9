"""Figures, verdicts, tables and the real-time extrapolation of the fleet benchmark (``fleet.py``).

A run *kept up* when: p99 lateness < 5 s (real) for scheduled probes and for scans, nothing overdue by
more than 5 s (real) when the window ended, ≥ 97 % of the scheduled probes (20 per site per simulated
day) and of the incremental scans (one per site per simulated day) were made, and no database error,
failed round or failed scan occurred. The target (issue #3 §10) is met when a run with ≥ 1,000 sites
kept up: real time is a lighter load than any compression ≥ 1×.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
from pathlib import Path
from typing import Any

from measure import ChildRun
from rich.console import Console
from rich.table import Table

P99_LIMIT = 5.0  # seconds, issue #3 §10
DONE_SHARE = 0.97  # share of the scheduled work that must be done (edge effects of the window)
PROBES_PER_DAY = 20
TARGET_SITES = 1000


def figures(args: argparse.Namespace, minutes: float, raw: dict[str, Any], machine: dict[str, float],
            imported: ChildRun, child: ChildRun, load: float) -> dict[str, Any]:
    """One run's figures from the measured child's result (``raw``), the sampler's machine and server CPU
    over the window, the import child and the run child (wait4 figures)."""
    sites, days, window = args.sites, args.days, raw["window_real_s"]
    p, s, db = raw["probes"], raw["scans"], raw["db"]
    platform_cpu = raw["cpu_user_s"] + raw["cpu_sys_s"]
    fig: dict[str, Any] = {
        "minutes_per_day": minutes, "factor": raw["factor"], "sites": sites, "days": days, "database": args.db,
        "workers": args.workers, "tick": args.tick, "only": args.only, "weekly_full": args.weekly_full,
        "down_every": args.down_every, "nice": args.nice, "load_at_start": round(load, 2),
        "import": {"wall_s": round(imported.wall, 2), "cpu_s": round(imported.cpu, 2),
                   "rss_mb": round(imported.max_rss_mb, 1)},
        "window_real_s": round(window, 1), "drain_real_s": round(raw["drain_real_s"], 2),
        "probes": _probes(p, sites, days, window),
        "scans": _scans(s, sites, days, window),
        "cpu": {"platform_s": round(platform_cpu, 1), "platform_cores": round(platform_cpu / window, 3),
                "server_s": round(machine["server_cpu_s"], 1),
                "server_cores": round(machine["server_cpu_s"] / window, 3),
                "machine_busy_cores": round(machine["machine_busy_cores"], 3),
                "other_cores": round(max(0.0, machine["machine_busy_cores"] - (platform_cpu + machine["server_cpu_s"])
                                         / window), 3)},
        "rss_mb": {"window_peak": round(raw["rss_peak_mb"], 1), "process_peak": round(child.max_rss_mb, 1)},
        "db": _db(db, sites * days),
        "overdue": raw["overdue_5s"],
        "log": raw["log"],
    }
    fig["verdict"] = verdict(fig)
    return fig


def _probes(p: dict[str, Any], sites: int, days: float, window: float) -> dict[str, Any]:
    probed = p.get("probed", 0)
    return {"done": probed, "scheduled_done": probed - p.get("rechecks", 0), "rechecks": p.get("rechecks", 0),
            "expected": round(PROBES_PER_DAY * sites * days), "per_s": round(probed / window, 2),
            "rounds": p.get("rounds", 0), "per_round": round(probed / max(1, p.get("rounds", 0)), 1),
            "failed": p.get("failed", 0), "confirmed": p.get("confirmed", 0), "refuted": p.get("refuted", 0),
            "errors": p.get("db_errors", 0) + p.get("failed_rounds", 0) + p.get("errors", 0),
            "unmatched": p.get("unmatched", 0), "lateness": _round(p["lateness"]),
            "recheck_lateness": _round(p["recheck_lateness"]), "round_seconds": _round(p["round_seconds"])}


def _scans(s: dict[str, Any], sites: int, days: float, window: float) -> dict[str, Any]:
    done = s.get("done", 0)
    return {"done": done, "incremental_done": s.get("incremental_done", 0), "full_done": s.get("full_done", 0),
            "failed": s.get("failed", 0), "skipped": s.get("skipped", 0), "errors": s.get("errors", 0),
            "expected": round(sites * days), "per_s": round(done / window, 3), "lateness": _round(s["lateness"]),
            "run_seconds": _round(s["run_seconds"])}


def _db(db: dict[str, Any], site_days: float) -> dict[str, Any]:
    before, after, compacted = db["before"], db["after"], db["compacted"]

    def per_site_day(a: dict[str, Any], b: dict[str, Any]) -> dict[str, float]:
        names = sorted(set(a["tables"]) | set(b["tables"]))
        grown = {n: (b["tables"].get(n, 0) - a["tables"].get(n, 0)) / site_days for n in names}
        return {n: round(v) for n, v in sorted(grown.items(), key=lambda kv: -abs(kv[1])) if abs(v) >= 1}

    probe_rows = after["rows"].get("storage_probe", 0)
    probe_bytes = after["tables"].get("storage_probe", 0) - before["tables"].get("storage_probe", 0)
    raw, folded = per_site_day(before, after), per_site_day(before, compacted)
    recurring = {"raw": raw.get("storage_probe", 0) + raw.get("storage_scanrun", 0),
                 "compacted": folded.get("storage_probeday", 0) + folded.get("storage_scanrun", 0)}
    return {"vendor": db["vendor"], "before_bytes": before["total"], "after_bytes": after["total"],
            "compacted_bytes": compacted["total"],
            "growth_per_site_day_raw": round((after["total"] - before["total"]) / site_days),
            "growth_per_site_day_compacted": round((compacted["total"] - before["total"]) / site_days),
            "tables_per_site_day_raw": raw, "tables_per_site_day_compacted": folded,
            "recurring_per_site_day": recurring,
            "probe_row_bytes": round(probe_bytes / probe_rows) if probe_rows and probe_bytes else None,
            "rows_after": after["rows"], "rows_compacted": compacted["rows"], "compaction": db["compaction"],
            "scan_runs": db["scan_runs"]}


def _round(q: dict[str, Any]) -> dict[str, Any]:
    return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in q.items()}


def verdict(fig: dict[str, Any]) -> dict[str, Any]:
    """Whether the run kept up (module docstring), with the reasons (Chinese) when it did not."""
    reasons: list[str] = []
    parts = [("probes", "探测", fig["probes"]["scheduled_done"])] if fig["only"] != "scans" else []
    # A full scan also covers that day's incremental scan (claims.finish_success pushes it back).
    parts += [("scans", "扫描", fig["scans"]["done"])] if fig["only"] != "probes" else []
    for key, label, done in parts:
        part = fig[key]
        p99 = part["lateness"]["p99"]
        if p99 is not None and p99 >= P99_LIMIT:
            reasons.append(f"{label}延迟 p99 {p99:.1f} 秒 ≥ {P99_LIMIT:g} 秒")
        if done < DONE_SHARE * part["expected"]:
            reasons.append(f"{label}只完成 {done}/{part['expected']}")
        if part["errors"] or (key == "scans" and part["failed"]):
            reasons.append(f"{label}出错 {part['errors'] + (part['failed'] if key == 'scans' else 0)} 次")
    overdue = fig["overdue"]
    if fig["only"] != "scans" and overdue["probe_targets"]:
        reasons.append(f"结束时 {overdue['probe_targets']} 个探测对象逾期超过 5 秒")
    if fig["only"] != "probes" and overdue["schedules"]:
        reasons.append(f"结束时 {overdue['schedules']} 个扫描计划逾期超过 5 秒")
    return {"kept_up": not reasons, "reasons": reasons}


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def print_run(console: Console, f: dict[str, Any]) -> None:
    """A few Chinese lines about one run."""
    p, s, c, d = f["probes"], f["scans"], f["cpu"], f["db"]
    console.print(f"  实际用时 {f['window_real_s']:.0f} 秒（收尾 {f['drain_real_s']:.1f} 秒）；"
                  f"探测 {p['done']} 次（计划 {p['scheduled_done']}/{p['expected']}，复核 {p['rechecks']}），"
                  f"{p['per_s']:.1f} 次/秒，{p['rounds']} 轮；延迟 p50 {_ms(p['lateness']['p50'])} 秒、"
                  f"p99 {_ms(p['lateness']['p99'])} 秒、最大 {_ms(p['lateness']['max'])} 秒", highlight=False)
    full = f"，全量 {s['full_done']}" if s["full_done"] else ""
    console.print(f"  扫描 {s['done']}/{s['expected']}（增量 {s['incremental_done']}{full}，失败 {s['failed']}，跳过 {s['skipped']}），"
                  f"{s['per_s']:.2f} 次/秒；延迟 p50 {_ms(s['lateness']['p50'])} 秒、p99 {_ms(s['lateness']['p99'])} 秒、"
                  f"最大 {_ms(s['lateness']['max'])} 秒；每次扫描用时 p50 {_ms(s['run_seconds']['p50'])} 秒、"
                  f"p90 {_ms(s['run_seconds']['p90'])} 秒", highlight=False)
    console.print(f"  CPU：平台进程 {c['platform_cores']:.2f} 核，网站服务器 {c['server_cores']:.2f} 核，"
                  f"整机 {c['machine_busy_cores']:.2f} 核（其他进程 {c['other_cores']:.2f}）；峰值内存 "
                  f"{f['rss_mb']['window_peak']:.0f} MB；数据库每站日增长 {d['growth_per_site_day_raw'] / 1024:.1f} KB"
                  f"（探测汇总并整理后 {d['growth_per_site_day_compacted'] / 1024:.1f} KB）；其中每天重复的探测与扫描记录 "
                  f"{d['recurring_per_site_day']['raw'] / 1024:.1f} KB（汇总后 {d['recurring_per_site_day']['compacted'] / 1024:.1f} KB），"
                  f"其余为各网站首次扫描建立的问题与栏目", highlight=False)
    v = f["verdict"]
    console.print("  [green]跟上了[/]" if v["kept_up"] else f"  [red]没有跟上：{'；'.join(v['reasons'])}[/]",
                  highlight=False)


def summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The fastest compression that kept up and its extrapolation to real time."""
    kept = [r for r in runs if r["verdict"]["kept_up"]]
    best = max(kept, key=lambda r: r["factor"]) if kept else None
    failed = [r["factor"] for r in runs if not r["verdict"]["kept_up"]]
    out: dict[str, Any] = {"target_met": bool(best and best["sites"] >= TARGET_SITES and not best["only"]),
                           "best_factor": best["factor"] if best else None,
                           "slowest_failing_factor": min(failed) if failed else None}
    if best is not None:
        sites, days = best["sites"], best["days"]
        per_day_cpu = best["cpu"]["platform_s"] / days
        out["real_time"] = {
            "probes_per_s": round(PROBES_PER_DAY * sites / 86400, 3), "scans_per_s": round(sites / 86400, 4),
            "platform_cpu_s_per_day": round(per_day_cpu, 1),
            "platform_cores": round(per_day_cpu / 86400, 5),
            "server_cpu_s_per_day": round(best["cpu"]["server_s"] / days, 1),
            "headroom": round(best["factor"], 1),
        }
    return out


def print_summary(console: Console, runs: list[dict[str, Any]], out: dict[str, Any]) -> None:
    """The table of every run, then the verdict and the extrapolation."""
    t = Table(title="舰队基准测试结果（延迟、速率均按实际秒计）", title_justify="left")
    for name in ("网站", "分钟/模拟日", "倍速", "数据库", "探测/秒", "探测延迟 p50/p99", "扫描/秒", "扫描延迟 p50/p99",
                 "平台 CPU 核", "服务器 CPU 核", "峰值内存 MB", "每站日 KB（原始/汇总后）", "负载", "结论"):
        t.add_column(name, justify="left" if name in ("数据库", "结论") else "right")
    for r in runs:
        p, s, d = r["probes"], r["scans"], r["db"]
        t.add_row(str(r["sites"]), f"{r['minutes_per_day']:g}", f"{r['factor']:.0f}×", r["database"], f"{p['per_s']:.1f}",
                  f"{_ms(p['lateness']['p50'])}/{_ms(p['lateness']['p99'])}", f"{s['per_s']:.2f}",
                  f"{_ms(s['lateness']['p50'])}/{_ms(s['lateness']['p99'])}", f"{r['cpu']['platform_cores']:.2f}",
                  f"{r['cpu']['server_cores']:.2f}", f"{r['rss_mb']['window_peak']:.0f}",
                  f"{d['growth_per_site_day_raw'] / 1024:.1f}/{d['growth_per_site_day_compacted'] / 1024:.1f}",
                  f"{r['load_at_start']:.1f}", "[green]跟上[/]" if r["verdict"]["kept_up"] else "[red]未跟上[/]")
    console.print(t)
    rt = out.get("real_time")
    if rt is None:
        console.print("[red]没有一次运行跟上：请用更大的 --minutes（更低的倍速）再试[/]", highlight=False)
        return
    console.print(f"最快跟上的倍速 {out['best_factor']:.0f}×（一个模拟日 {1440 / out['best_factor']:g} 分钟）"
                  + (f"；{out['slowest_failing_factor']:.0f}× 时未跟上" if out["slowest_failing_factor"] else ""),
                  highlight=False)
    console.print(f"实际时间的负载：每秒 {rt['probes_per_s']} 次探测、{rt['scans_per_s']} 次增量扫描，即该次运行的 "
                  f"1/{rt['headroom']:.0f}；该次运行平台进程每模拟日 {rt['platform_cpu_s_per_day']:.0f} CPU 秒"
                  f"（按实际时间摊为 {rt['platform_cores'] * 100:.2f}% 个核；实际时间里每轮探测通常只有 1 个对象，"
                  f"每轮的固定开销不再被分摊，见 README）", highlight=False)
    colour = "green" if out["target_met"] else "yellow"
    console.print(f"目标（一台 2 核机器承载 1000 个网站、每天 20 次探测和每日增量扫描，p99 延迟 < 5 秒）："
                  f"[{colour}]{'PASS' if out['target_met'] else '未判定或未达到'}[/]", highlight=False)


def save_json(path: Path, args: argparse.Namespace, runs: list[dict[str, Any]], out: dict[str, Any]) -> None:
    """Write every run's figures and the summary as JSON."""
    data = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
            "settings": {k: v for k, v in vars(args).items() if k not in ("json", "minutes_list")},
            "runs": runs, "summary": out}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8")

"""Plain-text forms of the new-media report: the overview sentence and the problem summary ready to
paste into a work group message (工作群通报)."""

from __future__ import annotations

from govwatch.reports.newmedia_model import FAIL, PASS, UNJUDGED, UNMONITORED, NewMediaReport


def overview_sentence(report: NewMediaReport) -> str:
    """``本期共监测政务新媒体账号 N 个，其中合格 a 个、不合格 b 个 …；发现问题 m 项（单项否决 v 项）。``"""
    c = report.counts
    parts = [f"合格 {c.get(PASS, 0)} 个", f"不合格 {c.get(FAIL, 0)} 个"]
    if c.get(UNJUDGED):
        parts.append(f"采集失败未判定 {c[UNJUDGED]} 个")
    if c.get(UNMONITORED):
        parts.append(f"本期未监测 {c[UNMONITORED]} 个")
    vetoes = sum(p.veto for p in report.problems)
    return (f"本期（{report.period_text}）共监测政务新媒体账号 {len(report.rows)} 个，其中{'、'.join(parts)}；"
            f"发现问题 {len(report.problems)} 项（其中单项否决 {vetoes} 项）。")


def problem_summary(report: NewMediaReport) -> str:
    """The summary for a work group message: the overview, then one numbered line per problem (veto
    problems first) with the account, the problem and what to do; then the accounts not judged."""
    lines = [f"【{report.title}】", overview_sentence(report)]
    if report.problems:
        lines.append("存在问题如下：")
    for index, p in enumerate(report.problems, start=1):
        flag = "（单项否决）" if p.veto else ""
        state = "" if p.status == "未整改" else f"（{p.status}）"
        lines.append(f"{index}. {p.unit}{p.platform}「{p.account}」：{p.title}{flag}{state}。{p.message}")
    unjudged = [r for r in report.rows if r.verdict in (UNJUDGED, UNMONITORED)]
    if unjudged:
        lines.append("以下账号本期未能自动采集，请人工巡检：" + "、".join(f"「{r.name}」" for r in unjudged) + "。")
    if report.problems:
        lines.append("请相关单位对照问题立即整改，并于 5 个工作日内反馈整改情况。")
    else:
        lines.append("本期未发现问题，请继续保持。")
    return "\n".join(lines) + "\n"

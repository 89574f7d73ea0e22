#!/usr/bin/env python3
"""PDF export benchmark: Kuni against Typst alone, pandoc → Typst and pandoc → WeasyPrint.

Generates a ~10-page and a ~100-page Japanese report from the bundled reports' text, then
runs each tool on the same Markdown, measuring wall time, peak memory (max RSS of the tool's
processes) and file size, and prints a Markdown table. The peer tools come from PyPI
(pypandoc-binary, typst, weasyprint), installed by this script into a scratch virtual
environment; nothing is installed system-wide. "Typst alone" is `typst.compile` on the
pandoc-made .typ by itself (the PyPI package binds the Typst compiler; its figures include
the Python interpreter it runs in, about 20 ms and 10 MB). Tools run interleaved, round
after round, so drift of the shared machine hits all of them alike; the ratios compare Kuni
with Typst alone. Usage: bench_pdf.py KUNI_BINARY [WORK_DIR]
"""
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONT_DIRS = ["/usr/share/fonts/truetype/bizud-mincho", "/usr/share/fonts/truetype/bizud-gothic"]
TARGETS = [("10 pages", 9_000), ("100 pages", 98_000)]
ROUNDS = 5  # characters of body text (~630 a page)


def front_matter_and_body(text):
    m = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
    return m.group(1), m.group(2)


def generate(work):
    """Writes bench-10.ja.md and bench-100.ja.md (valid Kuni reports) and their pandoc twins."""
    sources = sorted((ROOT / "reports").glob("*.ja.md"))
    bodies = [front_matter_and_body(p.read_text())[1] for p in sources]
    fm, _ = front_matter_and_body((ROOT / "reports" / "vn.ja.md").read_text())
    out = []
    for label, chars in TARGETS:
        parts, total, i = [], 0, 0
        while total < chars:
            body = bodies[i % len(bodies)]
            # Keep anchors unique across copies: number every heading.
            body = re.sub(r"^(#{2,4}) (.+)$", lambda m: f"{m.group(1)} {m.group(2)}（{i + 1}）", body, flags=re.M)
            # Internal links would point at renamed headings: keep their text only.
            body = re.sub(r"\[([^\]]+)\]\(#[^)]*\)", r"\1", body)
            parts.append(body)
            total += len(re.sub(r"\s", "", body))
            i += 1
        body = "\n".join(parts)
        n = label.split()[0]
        title = f"ベンチマーク用レポート（{label}）"
        kuni_md = work / f"bench-{n}.ja.md"
        kuni_md.write_text(f"---\n{re.sub(r'^title: .*$', 'title: ' + title, fm, flags=re.M)}\n---\n{body}")
        pandoc_md = work / f"bench-{n}.md"
        pandoc_md.write_text(f"---\ntitle: \"{title}\"\nlang: ja\n---\n{body}")
        out.append((label, kuni_md, pandoc_md))
    return out


def measure(cmds, env=None):
    """Runs commands in sequence; returns (seconds, peak MB over them)."""
    start = time.perf_counter()
    peak = 0
    for cmd in cmds:
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before)
    return time.perf_counter() - start, peak / 1024


def measure_alone(cmds, env=None):
    """Each tool in a fresh Python parent, so ru_maxrss is that tool's own peak."""
    code = (
        "import resource,subprocess,sys,time,json;t=time.perf_counter();"
        "[subprocess.run(c,check=True,stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL) for c in json.loads(sys.argv[1])];"
        "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024)"
    )
    import json

    out = subprocess.run([sys.executable, "-c", code, json.dumps(cmds)], check=True, capture_output=True, text=True, env=env)
    seconds, mb = out.stdout.split()
    return float(seconds), float(mb)


def pages(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    m = re.search(r"Pages:\s+(\d+)", info)
    return int(m.group(1)) if m else 0


def venv(work):
    env_dir = work / "venv"
    py = env_dir / "bin" / "python"
    if not (env_dir / "bin" / "weasyprint").exists():
        print("bench: installing pypandoc-binary, typst and weasyprint into", env_dir, file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "pypandoc-binary", "typst", "weasyprint"], check=True)
    pandoc = subprocess.run([str(py), "-c", "import pypandoc;print(pypandoc.get_pandoc_path())"], capture_output=True, text=True, check=True).stdout.strip()
    return py, env_dir / "bin" / "weasyprint", pandoc


def main():
    kuni = Path(sys.argv[1]).resolve()
    work = Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp/kuni-bench-pdf")
    work.mkdir(parents=True, exist_ok=True)
    py, weasyprint, pandoc = venv(work)
    css = work / "ja.css"
    css.write_text('body { font-family: "BIZ UDMincho"; font-size: 10.5pt; line-height: 1.8; } '
                   'h1, h2, h3, h4 { font-family: "BIZ UDGothic"; } table { border-collapse: collapse; } '
                   'td, th { border-bottom: 0.5pt solid #bbb; padding: 2pt 4pt; } @page { size: A4; margin: 25mm 22mm; }')
    typst_compile = (
        "import sys,typst;typst.compile(sys.argv[1],output=sys.argv[2],font_paths=sys.argv[3:])"
    )
    rows = []
    for label, kuni_md, pandoc_md in generate(work):
        stem = kuni_md.stem
        runs = {
            "Kuni": [[str(kuni), "export", str(kuni_md), "--out", str(work / f"{stem}.kuni.pdf")]],
            "pandoc → Typst": [
                [pandoc, str(pandoc_md), "-s", "-t", "typst", "-V", "mainfont=BIZ UDMincho", "-o", str(work / f"{stem}.typ")],
                [str(py), "-c", typst_compile, str(work / f"{stem}.typ"), str(work / f"{stem}.typst.pdf"), *FONT_DIRS],
            ],
            "pandoc → WeasyPrint": [
                [pandoc, str(pandoc_md), "-s", "-c", str(css), "--embed-resources", "-o", str(work / f"{stem}.html")],
                [str(weasyprint), str(work / f"{stem}.html"), str(work / f"{stem}.weasy.pdf")],
            ],
        }
        runs["Typst alone"] = [runs["pandoc → Typst"][1]]
        # Typst alone compiles the .typ that pandoc makes: make it once before the rounds.
        subprocess.run(runs["pandoc → Typst"][0], check=True)
        outputs = {"Kuni": f"{stem}.kuni.pdf", "pandoc → Typst": f"{stem}.typst.pdf",
                   "Typst alone": f"{stem}.typst.pdf", "pandoc → WeasyPrint": f"{stem}.weasy.pdf"}
        order = ["Kuni", "Typst alone", "pandoc → Typst", "pandoc → WeasyPrint"]
        best, failed = {}, set()
        for _ in range(ROUNDS):  # interleaved: one run of each tool per round
            for tool in order:
                if tool in failed:
                    continue
                try:
                    seconds, mb = measure_alone(runs[tool])
                except subprocess.CalledProcessError as e:
                    failed.add(tool)
                    print(f"bench: {tool} failed on {label}: {e}", file=sys.stderr)
                    continue
                prev = best.get(tool)
                best[tool] = (min(seconds, prev[0]), min(mb, prev[1])) if prev else (seconds, mb)
        for tool in order:
            pdf = work / outputs[tool]
            size = pdf.stat().st_size / 1024 if pdf.exists() else float("nan")
            seconds, mb = best.get(tool, (float("nan"), float("nan")))
            rows.append((label, tool, pages(pdf) if pdf.exists() else 0, seconds, mb, size))
    print("| input | tool | pages | time s | peak MB | file KB | time ÷ Typst | memory ÷ Typst | size ÷ Typst |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    typst = {label: (s, mb, kb) for label, tool, _, s, mb, kb in rows if tool == "Typst alone"}
    for label, tool, n, s, mb, kb in rows:
        ts, tmb, tkb = typst.get(label, (float("nan"),) * 3)
        ratios = f"{s / ts:.2f}× | {mb / tmb:.2f}× | {kb / tkb:.2f}×" if tool == "Kuni" else " | | "
        print(f"| {label} | {tool} | {n} | {s:.2f} | {mb:.0f} | {kb:.0f} | {ratios} |")
    print(f"\nBest of {ROUNDS} interleaved runs (time and memory each at their best); time and peak memory"
          " cover the whole pipeline (pandoc included for the pandoc rows); fonts: BIZ UD Mincho/Gothic for every tool.")


if __name__ == "__main__":
    main()

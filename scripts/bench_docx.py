#!/usr/bin/env python3
"""Word export benchmark: `kuni export --format docx` beside `pandoc -o x.docx`.

Uses the ~10-page and ~100-page Japanese reports of bench_pdf.py (same generator), runs each
tool on the same Markdown, and prints a Markdown table of wall time (best of five, the whole
process), peak memory and file size, plus the pages LibreOffice lays each file out on (one
headless conversion per file, not timed). pandoc is Debian's (scripts/setup.sh installs it).
Usage: bench_docx.py KUNI_BINARY [WORK_DIR]
"""
import importlib.util
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("bench_pdf", HERE / "bench_pdf.py")
bench_pdf = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench_pdf)


def lo_pages(docx, work):
    """Pages of `docx` as LibreOffice lays it out (converted to PDF, counted by pdfinfo)."""
    if not shutil.which("soffice"):
        return 0
    out = work / "lo"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(out), str(docx)], check=True, capture_output=True)
    return bench_pdf.pages(out / (docx.stem + ".pdf"))


def main():
    kuni = Path(sys.argv[1]).resolve()
    work = Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp/kuni-bench-docx")
    work.mkdir(parents=True, exist_ok=True)
    pandoc = shutil.which("pandoc") or sys.exit("bench: pandoc not found (make setup installs it)")
    version = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    rows = []
    for label, kuni_md, pandoc_md in bench_pdf.generate(work):
        stem = kuni_md.stem
        runs = {
            "Kuni": ([str(kuni), "export", str(kuni_md), "--format", "docx", "--out", str(work / f"{stem}.kuni.docx")],
                     work / f"{stem}.kuni.docx"),
            "pandoc": ([pandoc, str(pandoc_md), "-o", str(work / f"{stem}.pandoc.docx")], work / f"{stem}.pandoc.docx"),
        }
        for tool, (cmd, out) in runs.items():
            best = None
            for _ in range(5):
                seconds, mb = bench_pdf.measure_alone([cmd])
                best = (seconds, mb) if best is None or seconds < best[0] else best
            rows.append((label, tool, best[0], best[1], out.stat().st_size / 1024, lo_pages(out, work)))
    print("| input | tool | time s | peak MB | file KB | pages (LibreOffice) |")
    print("|---|---|---:|---:|---:|---:|")
    for label, tool, s, mb, kb, n in rows:
        print(f"| {label} | {tool} | {s:.3f} | {mb:.0f} | {kb:.0f} | {n} |")
    kuni_t = {r[0]: r[2] for r in rows if r[1] == "Kuni"}
    pandoc_t = {r[0]: r[2] for r in rows if r[1] == "pandoc"}
    for label in kuni_t:
        print(f"\n{label}: Kuni {pandoc_t[label] / kuni_t[label]:.1f}× faster than pandoc", end="")
    print(f"\n\nBest of 5 runs, whole process (start-up included); {version} (Debian).")


if __name__ == "__main__":
    main()

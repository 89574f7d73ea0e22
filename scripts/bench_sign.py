#!/usr/bin/env python3
"""Signing benchmark: what `kuni sign` adds to a deliverable, for the ~10- and ~100-page
reports of bench_pdf.py, with an RSA 2048 and an ECDSA P-256 key (tests/sign/make-certs.sh).
Prints a Markdown table: the signing command's whole wall time (process start, reading the
key, parsing the PDF, the update, the signature, writing), best of 7, next to the export and
to a run of `kuni --version` (the process start alone). Usage: bench_sign.py KUNI_BINARY [WORK]
"""
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pdf import ROOT, generate  # noqa: E402  (the same generated reports)


def best(cmd, runs=7):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    kuni = str(Path(sys.argv[1]).resolve())
    work = Path(sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="kuni-bench-sign-"))
    work.mkdir(parents=True, exist_ok=True)
    certs = work / "certs"
    subprocess.run([str(ROOT / "tests/sign/make-certs.sh"), str(certs)], check=True)
    keys = {
        "RSA 2048": ["--sign-cert", certs / "rsa.pem", "--sign-key", certs / "rsa.key", "--sign-chain", certs / "ca.pem"],
        "ECDSA P-256": ["--sign-cert", certs / "ec.pem", "--sign-key", certs / "ec.key", "--sign-chain", certs / "ca.pem"],
    }
    start = best([kuni, "--version"])
    rows = []
    for label, md, _ in generate(work):
        pdf = work / f"{md.stem}.pdf"
        export = best([kuni, "export", str(md), "--out", str(pdf)], runs=3)
        pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        n = next((line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:")), "?")
        for key, args in keys.items():
            signed = work / f"{md.stem}.{key.split()[0].lower()}.pdf"
            t = best([kuni, "sign", str(pdf), "--out", str(signed), *map(str, args)])
            grown = signed.stat().st_size - pdf.stat().st_size
            rows.append((label, n, key, export, t, t - start, grown))
    print("| input | pages | key | export s | `kuni sign` ms | minus process start ms | bytes added |")
    print("|---|---:|---|---:|---:|---:|---:|")
    for label, n, key, export, t, net, grown in rows:
        print(f"| {label} | {n} | {key} | {export:.2f} | {t * 1000:.1f} | {net * 1000:.1f} | {grown:,} |")
    print(f"\nBest of 7 runs (export: best of 3); `kuni --version` (process start) took {start * 1000:.1f} ms.")


if __name__ == "__main__":
    main()

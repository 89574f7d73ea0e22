#!/usr/bin/env python3
"""A CycloneDX 1.5 JSON software bill of materials for Kuni: every Rust package of Cargo.lock
(through `cargo metadata --locked --offline`, which also gives each licence) and every npm
package of ui/package-lock.json, each with name, version, licence, purl and the checksum its
lock file records.

    scripts/sbom.py [OUT.json]          write the SBOM (default kuni-sbom.json)
    scripts/sbom.py --check SBOM.json   check it lists every locked package, each with
                                        name, version, licence and purl; exit 1 if not

Python 3.11+ standard library only; no network (cargo runs with --offline).
"""

import base64
import datetime
import json
import pathlib
import subprocess
import sys
import tomllib
import urllib.parse
import uuid

ROOT = pathlib.Path(__file__).resolve().parent.parent
CRATES_IO = "registry+https://github.com/rust-lang/crates.io-index"


def cargo_lock():
    """(name, version) → checksum for every package of Cargo.lock (None for local ones)."""
    lock = tomllib.loads((ROOT / "Cargo.lock").read_text(encoding="utf-8"))
    return {(p["name"], p["version"]): p.get("checksum") for p in lock["package"]}


def npm_lock():
    """Every installed package of ui/package-lock.json: (path, name, version, entry)."""
    lock = json.loads((ROOT / "ui" / "package-lock.json").read_text(encoding="utf-8"))
    out = []
    for path, entry in lock["packages"].items():
        if not path:  # the UI project itself
            continue
        name = entry.get("name") or path.rsplit("node_modules/", 1)[-1]
        out.append((path, name, entry["version"], entry))
    return out


def cargo_purl(name, version):
    return f"pkg:cargo/{name}@{version}"


def npm_purl(name, version):
    if name.startswith("@"):
        scope, bare = name[1:].split("/", 1)
        return f"pkg:npm/%40{urllib.parse.quote(scope)}/{urllib.parse.quote(bare)}@{version}"
    return f"pkg:npm/{urllib.parse.quote(name)}@{version}"


def licence(expression):
    return [{"expression": expression}] if expression else []


def rust_components():
    meta = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--locked", "--offline"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    checksums = cargo_lock()
    members = set(meta["workspace_members"])
    components, ours = [], []
    for p in meta["packages"]:
        purl = cargo_purl(p["name"], p["version"])
        c = {
            "type": "application" if p["id"] in members else "library",
            "bom-ref": purl,
            "name": p["name"],
            "version": p["version"],
            "licenses": licence(p.get("license")),
            "purl": purl,
        }
        if p.get("description"):
            c["description"] = p["description"].strip()
        checksum = checksums.get((p["name"], p["version"]))
        if checksum:
            c["hashes"] = [{"alg": "SHA-256", "content": checksum}]
        if p.get("repository"):
            c["externalReferences"] = [{"type": "vcs", "url": p["repository"]}]
        if p["source"] and p["source"] != CRATES_IO:
            c["properties"] = [{"name": "kuni:source", "value": p["source"]}]
        (ours if p["id"] in members else components).append(c)
    return ours, components


def npm_components():
    components = []
    for path, name, version, entry in npm_lock():
        purl = npm_purl(name, version)
        c = {
            "type": "library",
            "bom-ref": f"{purl}#{path}",
            "name": name,
            "version": version,
            "licenses": licence(entry.get("license")),
            "purl": purl,
            "properties": [{"name": "kuni:npm-path", "value": f"ui/{path}"}],
        }
        integrity = entry.get("integrity", "")
        alg, _, digest = integrity.partition("-")
        if alg in ("sha512", "sha384", "sha256", "sha1") and digest:
            c["hashes"] = [
                {
                    "alg": {"sha512": "SHA-512", "sha384": "SHA-384", "sha256": "SHA-256", "sha1": "SHA-1"}[alg],
                    "content": base64.b64decode(digest).hex(),
                }
            ]
        if entry.get("dev"):
            # Build tools of the UI; parts of some (the Svelte runtime) end up in the bundle.
            c["properties"].append({"name": "kuni:npm-dev", "value": "true"})
        components.append(c)
    return components


def build():
    ours, rust = rust_components()
    main = next((c for c in ours if c["name"] == "kuni"), ours[0])
    return {
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "serialNumber": f"urn:uuid:{uuid.uuid4()}",
        "version": 1,
        "metadata": {
            "timestamp": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "tools": {"components": [{"type": "application", "name": "kuni scripts/sbom.py"}]},
            "component": main,
        },
        "components": [c for c in ours if c is not main] + rust + npm_components(),
    }


def check(sbom_path):
    bom = json.loads(pathlib.Path(sbom_path).read_text(encoding="utf-8"))
    problems = []
    if bom.get("bomFormat") != "CycloneDX" or not str(bom.get("specVersion", "")).startswith("1."):
        problems.append("not a CycloneDX 1.x document")
    components = bom.get("components", []) + [bom.get("metadata", {}).get("component", {})]
    for c in components:
        for field in ("name", "version", "purl"):
            if not c.get(field):
                problems.append(f"{c.get('name', '?')}: no {field}")
        if not c.get("licenses"):
            problems.append(f"{c.get('name', '?')}@{c.get('version', '?')}: no licence")
    purls = {c.get("purl") for c in components}
    for name, version in cargo_lock():
        if cargo_purl(name, version) not in purls:
            problems.append(f"Cargo.lock package {name} {version} missing")
    npm_paths = {
        p["value"] for c in components for p in c.get("properties", []) if p.get("name") == "kuni:npm-path"
    }
    for path, name, version, _ in npm_lock():
        if npm_purl(name, version) not in purls or f"ui/{path}" not in npm_paths:
            problems.append(f"ui/package-lock.json package {path} {version} missing")
    for p in problems:
        print(f"sbom: {p}", file=sys.stderr)
    cargo_count, npm_count = len(cargo_lock()), len(npm_lock())
    print(
        f"sbom: {sbom_path}: {len(components)} components; {cargo_count} Cargo.lock and {npm_count} npm packages "
        + ("all present" if not problems else f"— {len(problems)} problems")
    )
    return 1 if problems else 0


def main(argv):
    if len(argv) == 3 and argv[1] == "--check":
        return check(argv[2])
    if len(argv) > 2 or (len(argv) == 2 and argv[1].startswith("-")):
        print(__doc__, file=sys.stderr)
        return 2
    out = pathlib.Path(argv[1] if len(argv) == 2 else "kuni-sbom.json")
    bom = build()
    out.write_text(json.dumps(bom, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"sbom: wrote {out} ({len(bom['components']) + 1} components)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

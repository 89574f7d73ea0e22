// Generated from the engine's Rust types by ts-rs (src/bindings/). Do not edit:
// run `KUNI_UPDATE_BINDINGS=1 cargo test --lib bindings` after changing a type.
import type { Status } from "./library";

export type Progress = { 
/**
 * Steps done.
 */
done: number, 
/**
 * Steps in all.
 */
total: number, 
/**
 * What is being done, in plain words.
 */
message: string, };

export type ManifestFile = { 
/**
 * Path relative to the folder, `/`-separated.
 */
path: string, 
/**
 * Lowercase hex SHA-256 of the file.
 */
sha256: string, 
/**
 * Size in bytes.
 */
size: bigint, 
/**
 * The report it was made from (none for the index).
 */
report?: string | null, 
/**
 * The report's version (none for the index).
 */
version?: number | null, 
/**
 * The publication date of that version (the delivery date for the index).
 */
date: string, 
/**
 * The Kuni version that made the file.
 */
kuni: string, };

export type Published = { 
/**
 * The report id.
 */
id: string, 
/**
 * The new version.
 */
version: number, 
/**
 * The publication date.
 */
date: string, 
/**
 * The snapshot file.
 */
snapshot: string, 
/**
 * The deliverables folder.
 */
out_dir: string, 
/**
 * The deliverables written (the PDF), as listed in the folder's manifest.
 */
files: Array<ManifestFile>, 
/**
 * Typesetting warnings.
 */
warnings: Array<string>, 
/**
 * The signer's subject, when the deliverables were signed afterwards (by the caller).
 */
signed_by: string | null, 
/**
 * Consultations set to 要再確認 because this version changed a section they cite (filled
 * by `git::publish`, which runs after the engine's publish).
 */
rechecks: Array<string>, };

export type Op = "equal" | "insert" | "delete";

export type Span = { 
/**
 * equal, insert or delete.
 */
op: Op, 
/**
 * The text, newlines included.
 */
text: string, };

export type SectionChange = "unchanged" | "modified" | "added" | "removed";

export type SectionDiff = { 
/**
 * The heading text (newer version's), `front matter` for the YAML, "" for text before
 * the first heading.
 */
title: string, 
/**
 * How it changed.
 */
change: SectionChange, 
/**
 * Characters inserted.
 */
inserted: number, 
/**
 * Characters deleted.
 */
deleted: number, 
/**
 * The whole section as runs; concatenating the equal and delete runs gives the older
 * text, the equal and insert runs the newer.
 */
ops: Array<Span>, };

export type Diff = { 
/**
 * The report id.
 */
id: string, 
/**
 * The older side (`v2`, `none`).
 */
from: string, 
/**
 * The newer side (`v3`, `draft`).
 */
to: string, 
/**
 * Characters inserted in all sections.
 */
inserted: number, 
/**
 * Characters deleted in all sections.
 */
deleted: number, 
/**
 * Every section of both versions, in the newer version's order.
 */
sections: Array<SectionDiff>, };

export type VersionInfo = { 
/**
 * The version number.
 */
version: number, 
/**
 * When it was published.
 */
date: string | null, 
/**
 * The revision note.
 */
note: string | null, 
/**
 * Whether `.history` holds its text (versions published before Kuni kept history only
 * have their changelog entry).
 */
snapshot: boolean, 
/**
 * The SHA-256 of the snapshot file.
 */
sha256: string | null, };

export type DraftInfo = { 
/**
 * The front matter's version.
 */
version: number, 
/**
 * The front matter's status.
 */
status: Status, 
/**
 * Whether the file differs from the last snapshot (true when there is none).
 */
changed: boolean, };

export type History = { 
/**
 * The report id.
 */
id: string, 
/**
 * The report's title.
 */
title: string, 
/**
 * Published versions, oldest first.
 */
versions: Array<VersionInfo>, 
/**
 * The working file.
 */
draft: DraftInfo, };

export type Delivery = { 
/**
 * The folder.
 */
dir: string, 
/**
 * The files, as in the manifest.
 */
files: Array<ManifestFile>, 
/**
 * Typesetting warnings and reports left out.
 */
warnings: Array<string>, 
/**
 * The signer's subject, when the files were signed afterwards (by the caller).
 */
signed_by: string | null, };

export type VerifyKind = "missing" | "changed" | "extra" | "unsafe-path";

export type VerifyProblem = { 
/**
 * The file, relative to the folder.
 */
path: string, 
/**
 * What is wrong.
 */
kind: VerifyKind, 
/**
 * The same in plain words.
 */
message: string, };

export type Verification = { 
/**
 * The folder.
 */
dir: string, 
/**
 * Files listed in the manifest.
 */
listed: number, 
/**
 * Listed files present with the right bytes.
 */
ok: number, 
/**
 * Everything wrong, sorted by path.
 */
problems: Array<VerifyProblem>, };

export type SignatureCheck = { 
/**
 * The signer's subject (RFC 4514), when the signer's certificate was found.
 */
signer: string | null, 
/**
 * The signing time: /M of a PDF signature, the signing-time attribute of a detached one.
 */
signed_at: string | null, 
/**
 * The time-stamp token's time, for a B-T signature.
 */
time_stamp: string | null, 
/**
 * Bytes after the signed range (an incremental update made after signing); 0 for a
 * signature covering the whole file.
 */
appended_bytes: number, 
/**
 * What is wrong; empty when the signature is valid, intact and trusted.
 */
problems: Array<string>, };

export type FileSignatures = { 
/**
 * Path relative to the folder.
 */
path: string, 
/**
 * Its signatures (empty: unsigned).
 */
signatures: Array<SignatureCheck>, };

export type FolderCheck = { 
/**
 * `manifest.json.p7s`, when there is one.
 */
manifest_signature?: SignatureCheck | null, 
/**
 * Every PDF of the manifest that is there.
 */
pdfs: Array<FileSignatures>, 
/**
 * The folder.
 */
dir: string, 
/**
 * Files listed in the manifest.
 */
listed: number, 
/**
 * Listed files present with the right bytes.
 */
ok: number, 
/**
 * Everything wrong, sorted by path.
 */
problems: Array<VerifyProblem>, };

export type SiteSummary = { 
/**
 * The site folder.
 */
dir: string, 
/**
 * Ids of the reports on the site.
 */
reports: Array<string>, 
/**
 * Files written.
 */
files: number, 
/**
 * Typesetting warnings and reports left out.
 */
warnings: Array<string>, };

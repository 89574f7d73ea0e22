// A line diff for the conflict dialog ("show the difference"): the longest common
// subsequence of lines, which for two versions of one report (a few hundred lines, mostly
// equal) is instant.

export type DiffLine = { kind: "same" | "mine" | "theirs"; text: string };

export function diffLines(mine: string, theirs: string): DiffLine[] {
  const a = mine.split("\n");
  const b = theirs.split("\n");
  // Trim the common head and tail first: edits are usually local.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  // lcs[i][j] = length of the LCS of am[i..] and bm[j..].
  const lcs: number[][] = Array.from({ length: am.length + 1 }, () => new Array<number>(bm.length + 1).fill(0));
  for (let i = am.length - 1; i >= 0; i--) {
    for (let j = bm.length - 1; j >= 0; j--) {
      lcs[i][j] = am[i] === bm[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: DiffLine[] = a.slice(0, head).map((text) => ({ kind: "same", text }));
  let i = 0;
  let j = 0;
  while (i < am.length || j < bm.length) {
    if (i < am.length && j < bm.length && am[i] === bm[j]) {
      out.push({ kind: "same", text: am[i] });
      i++;
      j++;
    } else if (j < bm.length && (i === am.length || lcs[i][j + 1] >= lcs[i + 1][j])) {
      out.push({ kind: "theirs", text: bm[j++] });
    } else {
      out.push({ kind: "mine", text: am[i++] });
    }
  }
  for (const text of a.slice(a.length - tail)) out.push({ kind: "same", text });
  return out;
}

/** Only the changed lines with `context` unchanged lines around each change; gaps become "…". */
export function withContext(lines: DiffLine[], context = 2): (DiffLine | null)[] {
  const keep = lines.map(() => false);
  lines.forEach((l, k) => {
    if (l.kind === "same") return;
    for (let d = -context; d <= context; d++) if (lines[k + d]) keep[k + d] = true;
  });
  const out: (DiffLine | null)[] = [];
  lines.forEach((l, k) => {
    if (keep[k]) out.push(l);
    else if (out.length === 0 || out[out.length - 1] !== null) out.push(null);
  });
  return out;
}

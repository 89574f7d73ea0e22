// Clicks on links inside rendered report HTML: in-page anchors scroll, web links open in the
// browser only after the user agrees, and nothing navigates the window away.
import { openExternal } from "./api";
import { ask } from "./dialog.svelte";
import type { Strings } from "./i18n";

/** What a link in a report may do. */
export function linkKind(href: string): "anchor" | "web" | "none" {
  if (href.startsWith("#")) return "anchor";
  if (/^(https?:\/\/|mailto:)/i.test(href)) return "web";
  return "none";
}

export async function followLink(e: MouseEvent, t: Strings, scrollTo?: (id: string) => void) {
  const a = (e.target as HTMLElement).closest("a");
  if (!a) return;
  e.preventDefault();
  const href = a.getAttribute("href") ?? "";
  const kind = linkKind(href);
  if (kind === "anchor") {
    const target = decodeURIComponent(href.slice(1));
    if (scrollTo) scrollTo(target);
    else document.getElementById(target)?.scrollIntoView();
  } else if (kind === "web") {
    const choice = await ask({
      title: t.dialogs.linkTitle,
      body: t.dialogs.linkBody,
      detail: href,
      actions: [
        { key: "cancel", label: t.dialogs.cancel },
        { key: "open", label: t.dialogs.open, primary: true },
      ],
    });
    if (choice === "open") await openExternal(href).catch(() => {});
  }
}

// Every string the interface shows, one table per language.

export const ja = {
  appName: "Kuni",
  tagline: "医療機器・ヘルスケア カントリーレポート",
  library: "ライブラリ",
  reportsCount: (n: number) => `${n} 件のレポート`,
  loading: "読み込み中…",
  empty: "このフォルダにはレポートがありません。",
  loadFailed: "ライブラリを開けませんでした",
  invalidTitle: (n: number) => `読み込めなかったファイル（${n} 件）`,
  columns: {
    country: "国",
    title: "タイトル",
    region: "地域",
    language: "言語",
    status: "状態",
    version: "版",
    updated: "更新日",
    problems: "問題",
  },
  status: { draft: "下書き", review: "確認中", published: "公開済み" },
  language: { ja: "日本語", en: "英語" },
  stale: "要更新",
  staleHint: "最終更新から 12 か月以上経過しています",
  noProblems: "なし",
  problemCount: (errors: number, warnings: number) =>
    [errors ? `エラー ${errors}` : "", warnings ? `警告 ${warnings}` : ""].filter(Boolean).join("・"),
};

export type Strings = typeof ja;

export const en: Strings = {
  appName: "Kuni",
  tagline: "Healthcare-export country reports",
  library: "Library",
  reportsCount: (n: number) => `${n} report${n === 1 ? "" : "s"}`,
  loading: "Loading…",
  empty: "This folder has no reports.",
  loadFailed: "Could not open the library",
  invalidTitle: (n: number) => `Files that could not be read (${n})`,
  columns: {
    country: "Country",
    title: "Title",
    region: "Region",
    language: "Language",
    status: "Status",
    version: "Version",
    updated: "Updated",
    problems: "Problems",
  },
  status: { draft: "Draft", review: "In review", published: "Published" },
  language: { ja: "Japanese", en: "English" },
  stale: "Stale",
  staleHint: "Not updated for more than 12 months",
  noProblems: "None",
  problemCount: (errors: number, warnings: number) =>
    [errors ? `${errors} error${errors === 1 ? "" : "s"}` : "", warnings ? `${warnings} warning${warnings === 1 ? "" : "s"}` : ""]
      .filter(Boolean)
      .join(", "),
};

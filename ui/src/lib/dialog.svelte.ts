// One modal question at a time, asked from anywhere and answered in App's <Dialog>.
// `ask` resolves to the chosen action's key (or "cancel" on Escape).

export type Action = { key: string; label: string; primary?: boolean; danger?: boolean };
export type Question = {
  title: string;
  body: string;
  detail?: string;
  actions: Action[];
  /** Extra content the dialog can toggle: the conflict's difference. */
  diff?: { mine: string; theirs: string };
};

type Pending = Question & { answer: (key: string) => void };

export const dialog = $state<{ current: Pending | null }>({ current: null });

export function ask(q: Question): Promise<string> {
  return new Promise((resolve) => {
    dialog.current = {
      ...q,
      answer: (key) => {
        dialog.current = null;
        resolve(key);
      },
    };
  });
}

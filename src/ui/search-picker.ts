import {
  createPrompt,
  isDownKey,
  isEnterKey,
  isUpKey,
  makeTheme,
  useEffect,
  useKeypress,
  usePagination,
  usePrefix,
  useRef,
  useState,
} from '@inquirer/core';

export interface PickerChoice<T> {
  name: string;
  value: T;
  /** Shown dimmed after the name; the choice cannot be picked (e.g. why a group cannot be used). */
  disabled?: string;
}

export interface PickerConfig<T> {
  message: string;
  /** The choices for what is typed (trimmed); asked again on every change, the stale answer dropped. */
  source: (term: string, opt: { signal: AbortSignal }) => Promise<Array<PickerChoice<T>>>;
  /**
   * The choice that is exactly what was typed (a full name, a pasted ID): Enter picks it even when
   * another one is highlighted.
   */
  exact?: (term: string, choices: Array<PickerChoice<T>>) => PickerChoice<T> | undefined;
  /** Highlighted when the list first shows (a re-run's previous answer). */
  isDefault?: (value: T) => boolean;
  pageSize?: number;
}

type Results<T> = { term: string; choices: Array<PickerChoice<T>> };

/**
 * A search-as-you-type picker that never acts on a stale list: Enter pressed while the search for
 * what was typed is still out is held, and acted on once that search has answered. (@inquirer/search
 * picks whatever the previous list highlighted, so a fast typist or a slow Okta got the wrong group.)
 */
export const searchPicker = createPrompt(<T>(config: PickerConfig<T>, done: (value: T) => void) => {
  const theme = makeTheme({});
  const [term, setTerm] = useState('');
  const [results, setResults] = useState<Results<T> | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [active, setActive] = useState<number>(-1);
  const [finished, setFinished] = useState<PickerChoice<T> | undefined>(undefined);
  // Refs, not state: read by the search's callback, which belongs to an earlier render.
  const enterHeld = useRef(false);
  const firstList = useRef(true);
  const query = term.trim();
  const current = results?.term === query ? results : undefined;
  const status = finished ? 'done' : current ? 'idle' : 'loading';
  const prefix = usePrefix({ status, theme });

  const choose = (list: Results<T>, index: number): void => {
    const pick = config.exact?.(list.term, list.choices) ?? list.choices[index];
    if (!pick) return;
    if (pick.disabled) {
      setError(`${pick.name} cannot be chosen: ${pick.disabled}`);
      return;
    }
    setFinished(pick);
    done(pick.value);
  };

  useEffect(() => {
    const controller = new AbortController();
    config.source(query, { signal: controller.signal }).then(
      (choices) => {
        if (controller.signal.aborted) return;
        let start = choices.findIndex((c) => !c.disabled);
        if (firstList.current && config.isDefault) {
          const d = choices.findIndex((c) => !c.disabled && config.isDefault!(c.value));
          if (d >= 0) start = d;
        }
        firstList.current = false;
        const list = { term: query, choices };
        setResults(list);
        setActive(start);
        setError(undefined);
        // An Enter pressed before the list for the typed text arrived acts on that list, now it is here.
        if (enterHeld.current) {
          enterHeld.current = false;
          choose(list, start);
        }
      },
      (e: unknown) => {
        if (controller.signal.aborted) return;
        enterHeld.current = false;
        setError(e instanceof Error ? e.message.split('\n')[0] : String(e));
      },
    );
    return () => controller.abort();
  }, [query]);

  useKeypress((key, rl) => {
    if (finished) return;
    if (isEnterKey(key)) {
      // Readline empties its line on Enter; what was typed stays the search.
      rl.write(term);
      if (current) choose(current, active);
      else enterHeld.current = true;
      return;
    }
    if (isUpKey(key) || isDownKey(key)) {
      if (!current) return;
      const step = isUpKey(key) ? -1 : 1;
      for (let i = active + step; i >= 0 && i < current.choices.length; i += step) {
        if (!current.choices[i]!.disabled) {
          setActive(i);
          break;
        }
      }
      return;
    }
    enterHeld.current = false;
    setTerm(rl.line);
  });

  const shown = current ?? results;
  const page = usePagination({
    items: shown?.choices ?? [],
    active: Math.max(active, 0),
    renderItem({ item, index }) {
      if (item.disabled) return theme.style.help(`  ${item.name}  (${item.disabled})`);
      return current && index === active ? theme.style.highlight(`❯ ${item.name}`) : `  ${item.name}`;
    },
    pageSize: config.pageSize ?? 10,
    loop: false,
  });

  const message = theme.style.message(config.message, status);
  if (finished) return `${prefix} ${message} ${theme.style.answer(finished.name)}`;
  const header = [prefix, message, term].filter(Boolean).join(' ');
  const waiting = current
    ? ''
    : theme.style.help(enterHeld.current ? 'searching… (Enter picks from its result)' : 'searching…');
  const empty = current && !current.choices.length ? theme.style.help('  No matches') : '';
  const body = [
    error ? theme.style.error(error) : '',
    empty || page,
    waiting,
    theme.style.help('↑↓ navigate • ⏎ select'),
  ]
    .filter(Boolean)
    .join('\n');
  return [header, body];
});

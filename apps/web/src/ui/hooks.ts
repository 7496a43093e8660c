import { useCallback, useEffect, useRef, useState, type DependencyList, type RefObject } from 'react';
import { ApiError } from './api.ts';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/** Loads data when the dependencies change; a newer load cancels an older one so answers never arrive out of order. */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): Resource<T> {
  const [state, setState] = useState<{ data?: T; error: unknown; loading: boolean }>({ error: null, loading: true });
  const [version, setVersion] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setState((s) => ({ ...s, error: null, loading: true }));
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: null, loading: false });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ data: undefined, error, loading: false });
      },
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

export interface Submission {
  pending: boolean;
  error: unknown;
  fieldErrors: Record<string, string>;
  /** Runs a request; errors are kept for display and the first invalid field receives focus. */
  run<R>(fn: () => Promise<R>): Promise<R | undefined>;
  clear(): void;
  formRef: RefObject<HTMLFormElement | null>;
}

export function useSubmission(): Submission {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);

  // A button disabled while its request is under way loses the focus (the browser moves it to the
  // page): once the request is over it gets it back, unless something else took it meanwhile.
  useEffect(() => {
    if (pending) return;
    const el = returnFocus.current;
    returnFocus.current = null;
    if (!el || (document.activeElement && document.activeElement !== document.body)) return;
    if (el.isConnected && !el.matches(':disabled')) el.focus();
  }, [pending]);

  useEffect(() => {
    if (!error) return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    invalid?.focus();
  }, [error]);

  const run = useCallback(async <R,>(fn: () => Promise<R>) => {
    const active = document.activeElement;
    returnFocus.current = active instanceof HTMLElement && active !== document.body ? active : null;
    setPending(true);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);

  return {
    pending,
    error,
    fieldErrors: error instanceof ApiError ? error.fieldErrors() : {},
    run,
    clear: useCallback(() => setError(null), []),
    formRef,
  };
}

/** Form values as trimmed strings; empty ones are left out so optional API fields stay absent. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new FormData(form)) {
    if (typeof v === 'string' && v.trim() !== '') out[k] = v.trim();
  }
  return out;
}

import { useId, useRef, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { useI18n } from './i18n.tsx';

interface FieldProps {
  label: ReactNode;
  name: string;
  hint?: ReactNode;
  error?: string;
  /** Marks the label "(optional)"; fields are required unless said otherwise. */
  optional?: boolean;
  className?: string;
}

function useFieldIds(error?: string, hint?: ReactNode) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return { id, hintId, errorId, describedBy: [hintId, errorId].filter(Boolean).join(' ') || undefined };
}

function Label(props: { htmlFor: string; label: ReactNode; optional?: boolean }) {
  const { t } = useI18n();
  return (
    <label htmlFor={props.htmlFor}>
      {props.label}
      {props.optional ? <span className="optional"> ({t('common.optional')})</span> : null}
    </label>
  );
}

function FieldMessages(props: { hint?: ReactNode; hintId?: string; error?: string; errorId?: string }) {
  return (
    <>
      {props.hint ? (
        <p className="field__hint" id={props.hintId}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p className="field__error" id={props.errorId}>
          {props.error}
        </p>
      ) : null}
    </>
  );
}

const ECHOED = new Set(['date', 'datetime-local']);

/**
 * The browser draws date fields in its own language and order (mm/dd/yyyy in an English Chromium),
 * whatever the interface's: beside such a field the chosen day (and time) is written out in the
 * interface language, so 03/04 is never read as the wrong month. Works for controlled fields
 * (`value`) and uncontrolled ones (`defaultValue`, followed through `onInput`).
 */
export function useDateEcho(type: string | undefined, value: unknown, defaultValue: unknown) {
  const { formatDate, formatDateTime } = useI18n();
  const id = useId();
  const [typed, setTyped] = useState(String(defaultValue ?? ''));
  const active = Boolean(type && ECHOED.has(type));
  const current = value !== undefined ? String(value ?? '') : typed;
  let text = '';
  if (active && current) {
    const valid = type === 'date' ? /^\d{4}-\d{2}-\d{2}$/.test(current) : !Number.isNaN(new Date(current).getTime());
    if (valid) text = type === 'date' ? formatDate(current, { dateStyle: 'long' }) : formatDateTime(current);
  }
  return {
    id: text ? `${id}-echo` : undefined,
    onInput: (e: { currentTarget: HTMLInputElement }) => { if (active) setTyped(e.currentTarget.value); },
    node: text ? <p className="field__echo" id={`${id}-echo`} data-testid="date-echo">{text}</p> : null,
  };
}

/** A bare date or date-time input (inside a field the page lays out itself) with its echo in the interface language. */
export function DateInput(props: InputHTMLAttributes<HTMLInputElement>) {
  const { onInput, ...input } = props;
  const echo = useDateEcho(input.type, input.value, input.defaultValue);
  return (
    <>
      <input aria-describedby={[input['aria-describedby'], echo.id].filter(Boolean).join(' ') || undefined}
        onInput={(e) => { echo.onInput(e); onInput?.(e); }} {...input} />
      {echo.node}
    </>
  );
}

export function TextField(props: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'name'>) {
  const { label, hint, error, optional, className, onInput, ...input } = props;
  const ids = useFieldIds(error, hint);
  const echo = useDateEcho(input.type, input.value, input.defaultValue);
  return (
    <div className={`field ${className ?? ''} ${error ? 'field--invalid' : ''}`}>
      <Label htmlFor={ids.id} label={label} optional={optional} />
      <FieldMessages hint={hint} hintId={ids.hintId} error={error} errorId={ids.errorId} />
      <input
        id={ids.id}
        type="text"
        required={!optional}
        aria-invalid={error ? true : undefined}
        aria-describedby={[ids.describedBy, echo.id].filter(Boolean).join(' ') || undefined}
        onInput={(e) => { echo.onInput(e); onInput?.(e); }}
        {...input}
      />
      {echo.node}
    </div>
  );
}

export function SelectField(props: FieldProps & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'name'> & { children: ReactNode }) {
  const { label, hint, error, optional, className, children, ...select } = props;
  const ids = useFieldIds(error, hint);
  return (
    <div className={`field ${className ?? ''} ${error ? 'field--invalid' : ''}`}>
      <Label htmlFor={ids.id} label={label} optional={optional} />
      <FieldMessages hint={hint} hintId={ids.hintId} error={error} errorId={ids.errorId} />
      <select id={ids.id} required={!optional} aria-invalid={error ? true : undefined} aria-describedby={ids.describedBy} {...select}>
        {children}
      </select>
    </div>
  );
}

export function TextAreaField(props: FieldProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'name'>) {
  const { label, hint, error, optional, className, ...area } = props;
  const ids = useFieldIds(error, hint);
  return (
    <div className={`field ${className ?? ''} ${error ? 'field--invalid' : ''}`}>
      <Label htmlFor={ids.id} label={label} optional={optional} />
      <FieldMessages hint={hint} hintId={ids.hintId} error={error} errorId={ids.errorId} />
      <textarea
        id={ids.id}
        rows={4}
        required={!optional}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        {...area}
      />
    </div>
  );
}

export function CheckboxField(
  props: Omit<FieldProps, 'optional'> & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'type'>,
) {
  const { label, hint, error, className, ...input } = props;
  const ids = useFieldIds(error, hint);
  return (
    <div className={`field field--check ${className ?? ''} ${error ? 'field--invalid' : ''}`}>
      <input id={ids.id} type="checkbox" aria-invalid={error ? true : undefined} aria-describedby={ids.describedBy} {...input} />
      <label htmlFor={ids.id}>{label}</label>
      <FieldMessages hint={hint} hintId={ids.hintId} error={error} errorId={ids.errorId} />
    </div>
  );
}

/**
 * A file input that speaks the interface's language: the browser's own button and "no file chosen"
 * are in the browser's language, whatever the user chose here. The real input stays in the page
 * (focusable, labelled by the field's label, reached by the keyboard and by tests); the button
 * drawn over it only opens it.
 */
export function FileInput(props: Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & { id: string; buttonLabel?: string; showNames?: boolean }) {
  const { t } = useI18n();
  const ref = useRef<HTMLInputElement>(null);
  const [names, setNames] = useState<string[]>([]);
  const { buttonLabel, showNames, onChange, className, ...input } = props;
  return (
    <div className={`file-input ${className ?? ''}`}>
      <input ref={ref} type="file" className="file-input__native" {...input}
        onChange={(e) => {
          setNames(Array.from(e.currentTarget.files ?? []).map((f) => f.name));
          onChange?.(e);
        }} />
      <span className="button file-input__button" aria-hidden="true" onClick={() => ref.current?.click()}>
        {buttonLabel ?? t(props.multiple ? 'file.chooseMany' : 'file.choose')}
      </span>
      {showNames ? <span className="file-input__names" aria-hidden="true">{names.length > 0 ? names.join(', ') : t('file.none')}</span> : null}
    </div>
  );
}

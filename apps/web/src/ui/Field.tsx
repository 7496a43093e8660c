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

export function TextField(props: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'name'>) {
  const { label, hint, error, optional, className, ...input } = props;
  const ids = useFieldIds(error, hint);
  return (
    <div className={`field ${className ?? ''} ${error ? 'field--invalid' : ''}`}>
      <Label htmlFor={ids.id} label={label} optional={optional} />
      <FieldMessages hint={hint} hintId={ids.hintId} error={error} errorId={ids.errorId} />
      <input
        id={ids.id}
        type="text"
        required={!optional}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        {...input}
      />
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

import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from './i18n.tsx';

// The first page after a full load keeps the browser's own focus; every later page moves it to its heading
// so a screen reader announces where the user has arrived.
let hasShownPage = false;

export function Page(props: { title: string; titleSuffix?: ReactNode; actions?: ReactNode; children: ReactNode; wide?: boolean }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.title = `${props.title} — ${t('app.name')}`;
  }, [props.title, t]);

  useEffect(() => {
    if (hasShownPage) heading.current?.focus({ preventScroll: false });
    hasShownPage = true;
  }, []);

  return (
    <div className={props.wide ? 'page page--wide' : 'page'}>
      <div className="page__head">
        <div>
          <h1 ref={heading} tabIndex={-1}>
            {props.title}
          </h1>
          {props.titleSuffix ? <p className="h1-sub">{props.titleSuffix}</p> : null}
        </div>
        {props.actions ? <div className="page__actions">{props.actions}</div> : null}
      </div>
      {props.children}
    </div>
  );
}

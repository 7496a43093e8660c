import en from '../../apps/web/src/ui/locales/en.ts';
import kk from '../../apps/web/src/ui/locales/kk.ts';
import ru from '../../apps/web/src/ui/locales/ru.ts';
import uz from '../../apps/web/src/ui/locales/uz.ts';
import type { MessageKey } from '../../apps/web/src/ui/locales/types.ts';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The app's message `key` in whichever of its four languages the page speaks, as a pattern
 * (each `{placeholder}` matches anything): a test checks what the user is told, not one wording.
 */
export function inAnyLanguage(key: MessageKey): RegExp {
  const forms = [en, ru, kk, uz].map((m) => {
    const msg = m[key];
    return typeof msg === 'string' ? msg : msg.other;
  });
  return new RegExp(forms.map((f) => f.split(/\{\w+\}/).map(escape).join('.*')).join('|'));
}

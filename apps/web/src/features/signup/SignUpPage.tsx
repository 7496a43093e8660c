import type { Language } from '@telemed/contracts';
import { useEffect, useState } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { useSession } from '../../app/session.tsx';
import { LANGUAGES, NATIONAL_ID_TYPES } from '../../ui/codes.ts';
import { ErrorAlert } from '../../ui/Feedback.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { formValues, useSubmission } from '../../ui/hooks.ts';
import { isLanguage, useI18n } from '../../ui/i18n.tsx';
import { Page } from '../../ui/Page.tsx';
import { pendingSignUp, rememberPendingSignUp, signUp, type SignUpBody } from './api.ts';
import { checkSignUp, type SignUpValues } from './sign-up-form.ts';

const FIELDS = ['familyName', 'givenName', 'middleName', 'birthDate', 'nationalIdType', 'nationalId', 'email', 'password', 'passwordConfirm',
  'language'];
// The message language's select is not called "language": that name is the page's own language menu.

/** A patient creates their own account; the code step follows on /sign-up/verify. */
export default function SignUpPage() {
  const { t, lang } = useI18n();
  const { session, api } = useSession();
  const navigate = useNavigate();
  const submission = useSubmission();
  const [checked, setChecked] = useState<Record<string, string>>({});
  const [idType, setIdType] = useState<string>('KZ-IIN');
  // Follows the page's language until the person picks another one for their messages.
  const [language, setLanguage] = useState<Language>(lang);
  const [languageChosen, setLanguageChosen] = useState(false);
  useEffect(() => {
    if (!languageChosen) setLanguage(lang);
  }, [lang, languageChosen]);
  useEffect(() => {
    if (Object.keys(checked).length > 0) submission.formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [checked, submission.formRef]);

  if (session?.state === 'active') return <Navigate to="/" replace />;
  const errors = { ...submission.fieldErrors, ...checked };
  const email = pendingSignUp()?.email;

  return (
    <Page title={t('signUp.title')}>
      <div className="narrow">
        <p>{t('signUp.intro')}</p>
        {Object.keys(checked).length > 0 ? (
          <div className="alert alert--error" role="alert">
            <p className="alert__title">{t('signUp.error.summary')}</p>
          </div>
        ) : (
          <ErrorAlert error={submission.error} shownFields={FIELDS} />
        )}
        <form
          ref={submission.formRef}
          className="form card"
          noValidate
          onSubmit={async (e) => {
            e.preventDefault();
            const form = e.currentTarget;
            const data = new FormData(form);
            // Passwords are taken as typed: a space at either end is part of them.
            const values: SignUpValues = { ...formValues(form), password: String(data.get('password') ?? ''),
              passwordConfirm: String(data.get('passwordConfirm') ?? '') };
            const found = checkSignUp(values, new Date().toLocaleDateString('sv'));
            const messages = Object.fromEntries(Object.entries(found).map(([k, v]) => [k, t(v.key, v.params)]));
            setChecked(messages);
            if (Object.keys(messages).length > 0) {
              submission.clear();
              return;
            }
            const body: SignUpBody = {
              familyName: values.familyName!, givenName: values.givenName!, middleName: values.middleName,
              birthDate: values.birthDate!, nationalIdType: idType as SignUpBody['nationalIdType'],
              nationalId: values.nationalId!.replace(/[\s-]+/g, ''), email: values.email!.toLowerCase(), password: values.password!, language,
            };
            const accepted = await submission.run(() => signUp(api, body));
            if (!accepted) return;
            rememberPendingSignUp({ email: body.email, codeMinutes: accepted.codeMinutes,
              resendAt: Date.now() + accepted.resendAfterSeconds * 1000 });
            navigate('/sign-up/verify');
          }}
        >
          <TextField label={t('patient.familyName')} name="familyName" autoComplete="family-name" error={errors.familyName} />
          <TextField label={t('patient.givenName')} name="givenName" autoComplete="given-name" error={errors.givenName} />
          <TextField label={t('patient.middleName')} name="middleName" autoComplete="additional-name" optional error={errors.middleName} />
          <TextField label={t('patient.birthDate')} name="birthDate" type="date" autoComplete="bday" error={errors.birthDate}
            max={new Date().toLocaleDateString('sv')} />
          <SelectField label={t('patient.nationalIdType')} name="nationalIdType" value={idType} error={errors.nationalIdType}
            onChange={(e) => setIdType(e.currentTarget.value)}>
            {NATIONAL_ID_TYPES.map((x) => (
              <option key={x} value={x}>
                {t(x === 'KZ-IIN' ? 'patient.idType.kzIin' : 'patient.idType.uzPinfl')}
              </option>
            ))}
          </SelectField>
          <TextField label={t('patient.nationalId')} name="nationalId" inputMode="numeric" autoComplete="off" spellCheck={false}
            maxLength={20} hint={t('signUp.nationalIdHint')} error={errors.nationalId} />
          <TextField label={t('auth.email')} name="email" type="email" inputMode="email" autoComplete="email" spellCheck={false}
            defaultValue={email} error={errors.email} />
          <TextField label={t('auth.password')} name="password" type="password" autoComplete="new-password" hint={t('auth.passwordHint')}
            error={errors.password} />
          <TextField label={t('signUp.confirmPassword')} name="passwordConfirm" type="password" autoComplete="new-password"
            error={errors.passwordConfirm} />
          <SelectField label={t('signUp.language')} name="messageLanguage" autoComplete="language" value={language} error={errors.language}
            onChange={(e) => {
              const next = e.currentTarget.value;
              if (isLanguage(next)) {
                setLanguage(next);
                setLanguageChosen(true);
              }
            }}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l} lang={l}>
                {t(`languageName.${l}`)}
              </option>
            ))}
          </SelectField>
          <p className="field__hint">{t('signUp.privacy')}</p>
          <div className="form__actions">
            <button type="submit" className="button button--primary" disabled={submission.pending}>
              {submission.pending ? t('signUp.pending') : t('signUp.submit')}
            </button>
          </div>
        </form>
        <p>
          {t('signUp.haveAccount')} <Link to="/sign-in">{t('signUp.signIn')}</Link>
        </p>
      </div>
    </Page>
  );
}

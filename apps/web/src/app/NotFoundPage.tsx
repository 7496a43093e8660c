import { Link } from 'react-router';
import { Page } from '../ui/Page.tsx';
import { useI18n } from '../ui/i18n.tsx';

export default function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Page title={t('notFound.title')}>
      <p>{t('notFound.text')}</p>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </Page>
  );
}

import { Button, Dropdown } from 'antd';
import { DownOutlined, FileWordOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Dossier } from '@shared/api/dossiers';
import { DOCUMENT_FORMS, isFormAvailable } from '@shared/domain/dossiers';

/** The official documents of the dossier at its current step, as DOCX or PDF (Decree 30 layout). */
export function DossierDocuments({ dossier }: { dossier: Dossier }) {
  const { t } = useTranslation();
  const forms = DOCUMENT_FORMS.filter((f) => isFormAvailable(f, dossier.state, dossier.approvedLevel ?? dossier.proposedLevel));
  const items = forms.flatMap((form) =>
    (['docx', 'pdf'] as const).map((format) => ({
      key: `${form}.${format}`,
      label: (
        <a href={`/api/documents/dossiers/${dossier.id}/${form}?format=${format}`} download>
          {t('dossiersUi.documents.item', { form: t(`documents.forms.${form}`), format: format.toUpperCase() })}
        </a>
      ),
    })),
  );
  return (
    <Dropdown menu={{ items }} trigger={['click']}>
      <Button icon={<FileWordOutlined />}>
        {t('dossiersUi.documents.button')} <DownOutlined />
      </Button>
    </Dropdown>
  );
}

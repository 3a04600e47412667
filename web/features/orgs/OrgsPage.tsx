import { useState } from 'react';
import { Button, Card, Col, Input, Row } from 'antd';
import { PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { Org } from '@shared/api/orgs';
import { useCan } from '../../app/session';
import { useDebouncedValue } from '../../lib/use-debounced-value';
import { PageHeader } from '../../ui/PageHeader';
import { rootOrgsQuery } from './api';
import { DesignateOfficerModal } from './DesignateOfficerModal';
import { OrgDetail } from './OrgDetail';
import { OrgFormDrawer, type OrgFormTarget } from './OrgFormDrawer';
import { OrgImportWizard } from './OrgImportWizard';
import { OrgSearchResults } from './OrgSearchResults';
import { OrgTree } from './OrgTree';

/** The organisation tree of the province: browse, search, create, edit, import. */
export function OrgsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('org');
  const [search, setSearch] = useState('');
  const term = useDebouncedValue(search.trim());
  const [formTarget, setFormTarget] = useState<OrgFormTarget | null>(null);
  const [officerOrg, setOfficerOrg] = useState<Org | null>(null);
  const [importing, setImporting] = useState(false);
  const roots = useQuery(rootOrgsQuery());

  const select = (id: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (id) next.set('org', id);
        else next.delete('org');
        return next;
      },
      { replace: true },
    );

  const canManage = can('org.manage');
  const showCreateRoot = canManage && roots.data?.items.length === 0;

  return (
    <>
      <PageHeader
        title={t('orgs.title')}
        description={t('orgs.description')}
        extra={
          <>
            {showCreateRoot ? (
              <Button icon={<PlusOutlined />} onClick={() => setFormTarget({ mode: 'create', parent: null })}>
                {t('orgs.createRoot')}
              </Button>
            ) : null}
            {canManage ? (
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
                {t('orgs.import.open')}
              </Button>
            ) : null}
          </>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10} xl={9}>
          <Card>
            <Input.Search
              allowClear
              placeholder={t('orgs.searchPlaceholder')}
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              style={{ marginBottom: 12 }}
              aria-label={t('orgs.searchPlaceholder')}
            />
            {term.length >= 2 ? (
              <OrgSearchResults term={term} selectedId={selectedId} onSelect={select} />
            ) : (
              <OrgTree selectedId={selectedId} onSelect={select} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14} xl={15}>
          <OrgDetail
            orgId={selectedId}
            onSelect={select}
            onCreateChild={(parent) => setFormTarget({ mode: 'create', parent })}
            onEdit={(org) => setFormTarget({ mode: 'edit', org })}
            onDesignateOfficer={setOfficerOrg}
          />
        </Col>
      </Row>
      <OrgFormDrawer
        target={formTarget}
        onClose={() => setFormTarget(null)}
        onSaved={(org) => {
          setFormTarget(null);
          select(org.id);
        }}
      />
      <DesignateOfficerModal org={officerOrg} onClose={() => setOfficerOrg(null)} />
      <OrgImportWizard open={importing} onClose={() => setImporting(false)} />
    </>
  );
}

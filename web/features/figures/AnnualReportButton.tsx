import { useState } from 'react';
import { Button, Dropdown, Flex, Select } from 'antd';
import { DownOutlined, FileWordOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { annualReportUrl } from './api';

/**
 * The annual report of Form 08 (data period 15/12 of the previous year to 14/12) for the focused
 * organisation, as DOCX or PDF: the same numbers as this page, computed by the server.
 */
export function AnnualReportButton({ orgId, asOf }: { orgId: string; asOf: string }) {
  const { t } = useTranslation();
  const thisYear = Number(asOf.slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const items = (['docx', 'pdf'] as const).map((format) => ({
    key: format,
    label: (
      <a href={annualReportUrl(orgId, year, format)} download>
        {t('figures.report.item', { year, format: format.toUpperCase() })}
      </a>
    ),
  }));
  return (
    <Flex gap={4} align="center">
      <Select<number>
        value={year}
        onChange={setYear}
        aria-label={t('figures.report.year')}
        options={[thisYear, thisYear - 1].map((y) => ({ value: y, label: t('figures.report.yearN', { year: y }) }))}
        style={{ width: 120 }}
      />
      <Dropdown menu={{ items }} trigger={['click']}>
        <Button icon={<FileWordOutlined />}>
          {t('figures.report.button')} <DownOutlined />
        </Button>
      </Dropdown>
    </Flex>
  );
}

import { Col, Flex, Row, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Top-level keys whose values differ between two snapshots (added, removed or changed). */
export function changedKeys(before: unknown, after: unknown): string[] {
  if (!isRecord(before) || !isRecord(after)) return [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).sort();
}

function Snapshot({ title, value }: { title: string; value: unknown }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={4}>
      <Typography.Text strong>{title}</Typography.Text>
      {value === null || value === undefined ? (
        <Typography.Text type="secondary">{t('audit.noSnapshot')}</Typography.Text>
      ) : (
        <pre
          style={{
            margin: 0,
            padding: 8,
            background: '#fafafa',
            border: '1px solid #f0f0f0',
            borderRadius: 4,
            fontSize: 12,
            maxHeight: 360,
            overflow: 'auto',
            whiteSpace: 'pre-wrap',
            wordBreak: 'break-word',
          }}
        >
          {JSON.stringify(value, null, 2)}
        </pre>
      )}
    </Flex>
  );
}

/** Before/after side by side, with the changed fields named above. */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation();
  const changed = changedKeys(before, after);
  return (
    <Flex vertical gap={8}>
      {changed.length > 0 ? (
        <Flex gap={4} wrap align="center">
          <Typography.Text type="secondary">{t('audit.changedFields')}</Typography.Text>
          {changed.map((key) => (
            <Tag key={key} color="gold">
              {key}
            </Tag>
          ))}
        </Flex>
      ) : null}
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Snapshot title={t('audit.before')} value={before} />
        </Col>
        <Col xs={24} md={12}>
          <Snapshot title={t('audit.after')} value={after} />
        </Col>
      </Row>
    </Flex>
  );
}

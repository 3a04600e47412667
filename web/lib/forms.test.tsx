import { describe, expect, it } from 'vitest';
import { CreateOrgBody } from '@shared/api/orgs';
import { blankToNull, serverFieldPath, validateWith } from './forms';
import { i18n } from './i18n';

const t = i18n.getFixedT('vi');

describe('form validation with the shared schemas', () => {
  it('words each field error for a commune officer, in Vietnamese', () => {
    const values = blankToNull({ code: 'mã có dấu', name: '', kind: undefined, parentId: '', email: 'abc' }, [
      'parentId',
      'email',
    ]);
    const result = validateWith(CreateOrgBody, values, t, { code: 'orgs.codeFormat' });
    expect(result.ok).toBe(false);
    const byField = Object.fromEntries(result.ok ? [] : result.fields.map((f) => [f.name.join('.'), f.errors[0]]));
    expect(byField).toEqual({
      code: 'Mã chỉ gồm chữ cái không dấu, chữ số và các dấu . _ -, bắt đầu bằng chữ hoặc số.',
      name: 'Vui lòng nhập thông tin này.',
      kind: 'Vui lòng nhập thông tin này.',
      email: 'Địa chỉ thư điện tử chưa đúng, ví dụ: ten@donvi.gov.vn',
    });
  });

  it('returns the parsed body when valid', () => {
    const result = validateWith(CreateOrgBody, { code: ' SKHCN ', name: 'Sở KH&CN', kind: 'department', parentId: null }, t);
    expect(result).toEqual({ ok: true, data: { code: 'SKHCN', name: 'Sở KH&CN', kind: 'department', parentId: null } });
  });

  it('maps server field keys to antd paths', () => {
    expect(serverFieldPath('roles.0.orgId')).toEqual(['roles', 0, 'orgId']);
  });
});

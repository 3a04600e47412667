/**
 * An early-warning advisory → a STIX 2.1 report: one vulnerability per CVE (external reference
 * `cve`), the guidance as a course-of-action that mitigates them, the affected products as software
 * observables, all wrapped by the report the security authority issues. Pure and deterministic.
 */
import type { StixAdvisoryInput } from './stix.model';
import { laterOf, scoId, sdoId, stixTime } from './stix.ids';
import type { StixObject } from './stix.markings';
import { bundleOf, identityId, identityOf, khienReference, ObjectSet, relationship, type StixBuildOptions } from './stix.common';

const CVE_ID = /^CVE-\d{4}-\d{4,}$/;

/** The advisory's text lines a reader needs besides the description: CVSS, products, deadlines. */
function factsOf(input: StixAdvisoryInput, opts: StixBuildOptions): string[] {
  const { t } = opts;
  const lines: string[] = [t('stix.advisory.code', { code: input.code }), t('stix.advisory.severity', { value: t(`stix.severity.${input.severity}`) })];
  if (input.cvss !== null) {
    lines.push(
      input.cvssVector
        ? t('stix.advisory.cvssWithVector', { score: input.cvss.toFixed(1), vector: input.cvssVector })
        : t('stix.advisory.cvss', { score: input.cvss.toFixed(1) }),
    );
  }
  if (input.products.length > 0) {
    lines.push(t('stix.advisory.products'));
    for (const p of input.products) {
      lines.push(`- ${t('stix.advisory.product', { product: [p.vendor, p.product].filter(Boolean).join(' '), versions: p.versions })}`);
    }
  }
  if (input.acknowledgeDue) lines.push(t('stix.advisory.acknowledgeDue', { at: stixTime(input.acknowledgeDue) }));
  if (input.remediationDue) lines.push(t('stix.advisory.remediationDue', { at: stixTime(input.remediationDue) }));
  return lines;
}

/** An advisory as a STIX 2.1 bundle whose report wraps everything else. */
export function buildAdvisoryBundle(input: StixAdvisoryInput, opts: StixBuildOptions) {
  const { t, lang } = opts;
  const set = new ObjectSet();
  const markings = set.addTlp(input.tlp);
  const producerId = identityId(opts.producer);
  const issuerId = identityId(input.issuer);
  set.add(identityOf(opts.producer, producerId), identityOf(input.issuer, producerId));

  const published = input.publishedAt ?? input.updatedAt;
  const created = stixTime(published);
  const modified = stixTime(laterOf(input.updatedAt, published));
  const times = { created, modified };
  const common = { spec_version: '2.1', created_by_ref: issuerId, created, modified };
  const facts = factsOf(input, opts);
  const refs: string[] = [issuerId];
  const add = (o: StixObject) => {
    set.add(o);
    refs.push(o.id);
  };

  const cves = [...new Set(input.cves.map((c) => c.trim().toUpperCase()).filter((c) => CVE_ID.test(c)))].sort();
  const vulnerabilityIds = cves.map((cve) => {
    // One object per advisory and CVE: consumers merge vulnerabilities by their CVE reference, and
    // a per-advisory id never puts two different texts under one id and timestamp.
    const id = sdoId('vulnerability', input.id, cve);
    add({
      type: 'vulnerability',
      ...common,
      id,
      name: cve,
      description: [input.title, ...facts].join('\n'),
      lang,
      external_references: [{ source_name: 'cve', external_id: cve, url: `https://www.cve.org/CVERecord?id=${cve}` }],
      object_marking_refs: markings,
    });
    return id;
  });

  const guidance = input.guidance.trim();
  if (guidance !== '') {
    const courseId = sdoId('course-of-action', input.id);
    const deadlines = [
      input.acknowledgeDue ? t('stix.advisory.acknowledgeDue', { at: stixTime(input.acknowledgeDue) }) : null,
      input.remediationDue ? t('stix.advisory.remediationDue', { at: stixTime(input.remediationDue) }) : null,
    ].filter((l): l is string => l !== null);
    add({
      type: 'course-of-action',
      ...common,
      id: courseId,
      name: t('stix.advisory.guidanceName', { code: input.code }),
      description: [guidance, ...(deadlines.length > 0 ? ['', ...deadlines] : [])].join('\n'),
      lang,
      object_marking_refs: markings,
    });
    for (const vulnerabilityId of vulnerabilityIds) {
      add(relationship(courseId, 'mitigates', vulnerabilityId, times, { createdBy: issuerId, markings }));
    }
  }

  for (const p of input.products) {
    const name = p.product.trim();
    if (name === '') continue;
    const vendor = p.vendor?.trim() || undefined;
    const contributing = vendor ? { name, vendor } : { name };
    const id = scoId('software', contributing);
    if (refs.includes(id)) continue;
    add({ type: 'software', spec_version: '2.1', id, ...contributing, object_marking_refs: markings });
  }

  set.add({
    type: 'report',
    ...common,
    id: sdoId('report', input.id),
    name: `${input.code}: ${input.title}`,
    description: [input.description.trim(), '', ...facts].join('\n').trim(),
    lang,
    report_types: cves.length > 0 ? ['vulnerability'] : ['threat-report'],
    published: stixTime(published),
    object_refs: refs,
    external_references: [khienReference(input.code)],
    object_marking_refs: markings,
  });
  return bundleOf(set.list());
}

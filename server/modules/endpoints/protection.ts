/**
 * The one place that derives a machine's protection flags (endpoints.has_any_av, has_central_av,
 * av_up_to_date) from its antivirus products and the province's list of centrally managed products.
 * Coverage figures then count plain columns. Call it after any change to a machine's products
 * (agent results, imports, manual edits) with those machines' ids, and after any change to the
 * central product list with no ids (every machine).
 *
 * A product counts when it is not known to be disabled (enabled IS NOT FALSE): a console export often
 * says only "installed". Signatures are up to date when every counted product says so, unknown when
 * any is unknown, and null when the machine has none.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/connect';

export async function refreshProtection(db: Db, endpointIds?: readonly string[]): Promise<void> {
  if (endpointIds && endpointIds.length === 0) return;
  const only = endpointIds ? sql`WHERE e.id = ANY(${sql.param([...endpointIds])}::uuid[])` : sql``;
  await db.execute(sql`
    UPDATE endpoints AS e SET
      has_any_av = d.any_av,
      has_central_av = d.central_av,
      av_up_to_date = d.up_to_date
    FROM (
      SELECT e.id,
        COALESCE(bool_or(p.name IS NOT NULL AND p.enabled IS NOT FALSE), false) AS any_av,
        COALESCE(bool_or(p.enabled IS NOT FALSE AND EXISTS (
          SELECT 1 FROM central_av_products c WHERE strpos(lower(p.name), lower(c.pattern)) > 0
        )), false) AS central_av,
        CASE WHEN count(p.name) FILTER (WHERE p.enabled IS NOT FALSE) = 0 THEN NULL
             WHEN bool_or(p.up_to_date IS FALSE) FILTER (WHERE p.enabled IS NOT FALSE) THEN false
             WHEN bool_and(p.up_to_date IS TRUE) FILTER (WHERE p.enabled IS NOT FALSE) THEN true
             ELSE NULL END AS up_to_date
      FROM endpoints e
      LEFT JOIN endpoint_av_products p ON p.endpoint_id = e.id
      ${only}
      GROUP BY e.id
    ) AS d
    WHERE e.id = d.id
      AND (e.has_any_av, e.has_central_av, e.av_up_to_date) IS DISTINCT FROM (d.any_av, d.central_av, d.up_to_date)
  `);
}

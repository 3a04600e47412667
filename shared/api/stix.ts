import { z } from 'zod';

/** A period of detection dates (Vietnam time, both days included) for the STIX export of incidents. */
export const StixPeriodQuery = z.object({ from: z.iso.date(), to: z.iso.date() });
export type StixPeriodQuery = z.infer<typeof StixPeriodQuery>;

/** The media type of a STIX 2.1 document (STIX 2.1 §1.5 / TAXII 2.1). */
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

/** At most this many days in one export of incidents. */
export const STIX_MAX_PERIOD_DAYS = 366;

/**
 * Which syslog source does a datagram or connection come from? The enabled sources' blocks, loaded
 * province-wide and kept in memory (refreshed every few seconds, and at once when this process
 * changes a source). The most specific block wins when sources overlap.
 */
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/connect';
import { orgs, syslogSources } from '../../db/schema';
import { cidrContains, parseCidr, parseIp, type Cidr } from '@shared/domain/cidr';

export interface SenderSource {
  id: string;
  orgId: string;
  orgPath: string;
  name: string;
}

interface Loaded {
  source: SenderSource;
  blocks: Cidr[];
}

const directories = new WeakMap<Database, Set<SenderDirectory>>();

/** Called after a source is created, changed or disabled: the listeners of this process reload. */
export function invalidateSenders(database: Database): void {
  for (const d of directories.get(database) ?? []) d.invalidate();
}

export class SenderDirectory {
  private loaded: Loaded[] = [];
  private loadedAt = 0;
  private loading: Promise<void> | null = null;
  private byIp = new Map<string, SenderSource | null>();

  constructor(
    private readonly database: Database,
    private readonly refreshMs = 10_000,
  ) {
    let set = directories.get(database);
    if (!set) {
      set = new Set();
      directories.set(database, set);
    }
    set.add(this);
  }

  invalidate(): void {
    this.loadedAt = 0;
  }

  /** Whether the next match should wait for a reload (changed or too old). */
  isStale(): boolean {
    return Date.now() - this.loadedAt >= this.refreshMs;
  }

  dispose(): void {
    directories.get(this.database)?.delete(this);
  }

  private async load(): Promise<void> {
    // scope-exempt: the listener answers for the whole province; a sender is matched to its unit here.
    const rows = await this.database.db
      .select({ id: syslogSources.id, orgId: syslogSources.orgId, orgPath: orgs.path, name: syslogSources.name, senders: syslogSources.senders })
      .from(syslogSources)
      .innerJoin(orgs, eq(orgs.id, syslogSources.orgId))
      .where(eq(syslogSources.enabled, true));
    this.loaded = rows.map((r) => ({
      source: { id: r.id, orgId: r.orgId, orgPath: r.orgPath, name: r.name },
      blocks: r.senders.map((s) => parseCidr(s)).filter((c): c is Cidr => c !== null),
    }));
    this.byIp = new Map();
    this.loadedAt = Date.now();
  }

  /** Reloads when stale; concurrent callers share one load. */
  async refresh(): Promise<void> {
    if (Date.now() - this.loadedAt < this.refreshMs) return;
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    await this.loading;
  }

  /** The source whose block holds the address (sync, after refresh()); null for an unknown sender. */
  match(address: string): SenderSource | null {
    const cached = this.byIp.get(address);
    if (cached !== undefined) return cached;
    const ip = parseIp(address);
    let best: { source: SenderSource; prefix: number } | null = null;
    if (ip) {
      for (const l of this.loaded) {
        for (const b of l.blocks) {
          if (cidrContains(b, ip) && (!best || b.prefix > best.prefix)) best = { source: l.source, prefix: b.prefix };
        }
      }
    }
    const found = best?.source ?? null;
    if (this.byIp.size > 100_000) this.byIp.clear();
    this.byIp.set(address, found);
    return found;
  }
}

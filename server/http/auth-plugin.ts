/**
 * Authentication and the coarse authorisation gate, applied to every route by construction:
 * each route declares `config.action`; this plugin refuses unauthenticated calls, sessions still in
 * the two-factor step, cookie writes without the CSRF token, and roles that hold the action nowhere,
 * before any handler runs. Services then call authz/scope.ts for the specific row.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Action } from '../authz/policies';
import { holdsAnywhere } from '../authz/policies';
import { AppError } from './errors';
import { pickLocale } from './i18n';
import type { Ctx } from './context';
import { resolveApiToken, resolveSession, type Authenticated } from '../modules/auth/auth.service';
import { safeEqual } from '../modules/auth/tokens';

export const SESSION_COOKIE = 'khien_sid';
export const LOCALE_COOKIE = 'khien_lang';

/** `public`: no session needed. `self`: any signed-in person, acting on their own account. */
export type RouteAction = Action | 'public' | 'self';

declare module 'fastify' {
  interface FastifyContextConfig {
    action?: RouteAction;
    /** Reachable while the two-factor step is still pending (session, TOTP, logout). */
    mfaStep?: boolean;
  }
  interface FastifyRequest {
    ctx: Ctx;
    auth: Authenticated | null;
  }
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface AuthPluginOptions {
  baseCtx: Omit<Ctx, 'principal' | 'requestId' | 'ip' | 'locale' | 'inTx'>;
}

export const authPlugin = fp<AuthPluginOptions>(async (app: FastifyInstance, { baseCtx }) => {
  // Both are set by the onRequest hook below before any handler can read them.
  app.decorateRequest('ctx', null as unknown as Ctx);
  app.decorateRequest('auth', null);

  // Every API route must say what it needs; a route without it is a bug caught at startup.
  app.addHook('onRoute', (route) => {
    const url = route.url ?? '';
    if (url.startsWith('/api/') && !url.startsWith('/api/docs') && url !== '/api/openapi.json' && !route.config?.action) {
      throw new Error(`Route ${route.method} ${url} declares no config.action`);
    }
  });

  app.addHook('onRequest', async (req) => {
    req.ctx = {
      ...baseCtx,
      log: req.log,
      principal: null,
      requestId: String(req.id),
      ip: req.ip ?? null,
      locale: pickLocale(req.cookies?.[LOCALE_COOKIE], req.headers['accept-language']),
      inTx: false,
    };
    req.auth = null;
  });

  // preValidation, not preHandler: an anonymous or unauthorised caller is refused before the request
  // is validated, so they learn nothing of a route's schema (and always get 401/403, never 400).
  app.addHook('preValidation', async (req) => {
    const action = req.routeOptions.config?.action;
    if (!action) return; // static files, docs, health
    req.auth = await authenticate(req);
    if (req.auth) req.ctx.principal = req.auth.principal;
    if (action === 'public') return;
    if (!req.auth) throw new AppError('unauthenticated', 'errors.unauthenticated');
    const { session, principal } = req.auth;
    if (session && session.mfa !== 'none' && !req.routeOptions.config?.mfaStep) {
      throw new AppError('unauthenticated', 'errors.mfaRequired');
    }
    if (session && WRITE_METHODS.has(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken)) throw new AppError('forbidden', 'errors.csrf');
    }
    if (action !== 'self' && !holdsAnywhere(principal, action)) throw new AppError('forbidden', 'errors.forbidden');
  });

  async function authenticate(req: FastifyRequest): Promise<Authenticated | null> {
    const header = req.headers.authorization;
    if (typeof header === 'string' && header.startsWith('Bearer ')) {
      const found = await resolveApiToken(req.ctx, header.slice(7).trim());
      if (!found) throw new AppError('unauthenticated', 'errors.auth.tokenInvalid');
      return found;
    }
    // The cookie holds 256 random bits; only their SHA-256 is stored, so it needs no signature.
    const raw = req.cookies?.[SESSION_COOKIE];
    if (!raw || raw.length > 200) return null;
    return resolveSession(req.ctx, raw);
  }
});

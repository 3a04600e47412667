import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { ChangePasswordBody, LoginBody, SessionInfo, SetLocaleBody, TotpCode, TotpSetup, UpdateProfileBody } from '@shared/api/auth';
import { Ok } from '@shared/api/common';
import { LOCALE_COOKIE, SESSION_COOKIE } from '../../http/auth-plugin';
import { dbRateLimitStore } from '../../http/rate-limit-store';
import * as auth from './auth.service';

function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: req.protocol === 'https',
    maxAge: req.ctx.config.sessionHours * 3600,
  });
}

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  // Counters live in the database so that every app instance enforces the same limit.
  await app.register(rateLimit, {
    global: false,
    store: dbRateLimitStore(app.database.db),
    errorResponseBuilder: (_req, ctx) => ({ statusCode: 429, code: 'FST_ERR_RATE_LIMIT', retryAfter: Math.ceil(ctx.ttl / 1000) }),
  });
  const strict = { max: 10, timeWindow: 60_000 };

  app.post(
    '/auth/login',
    {
      config: { action: 'public', rateLimit: strict },
      schema: { tags: ['auth'], summary: 'Đăng nhập bằng mật khẩu', body: LoginBody, response: { 200: SessionInfo } },
    },
    async (req, reply) => {
      const oldSession = req.auth?.session?.id ?? null;
      const { token, info } = await auth.login(req.ctx, req.body, oldSession, req.headers['user-agent'] ?? null);
      setSessionCookie(req, reply, token);
      return info;
    },
  );

  app.post(
    '/auth/totp/verify',
    {
      config: { action: 'self', mfaStep: true, rateLimit: strict },
      schema: { tags: ['auth'], summary: 'Nhập mã xác thực hai lớp', body: TotpCode, response: { 200: SessionInfo } },
    },
    async (req, reply) => {
      const { token, info } = await auth.verifyTotpStep(req.ctx, req.auth, req.body.code, req.headers['user-agent'] ?? null);
      setSessionCookie(req, reply, token);
      return info;
    },
  );

  app.post(
    '/auth/totp/setup',
    { config: { action: 'self', mfaStep: true }, schema: { tags: ['auth'], summary: 'Bắt đầu cài đặt xác thực hai lớp', response: { 200: TotpSetup } } },
    async (req) => auth.setupTotp(req.ctx, req.auth),
  );

  app.post(
    '/auth/totp/enable',
    {
      config: { action: 'self', mfaStep: true, rateLimit: strict },
      schema: { tags: ['auth'], summary: 'Xác nhận và bật xác thực hai lớp', body: TotpCode, response: { 200: SessionInfo } },
    },
    async (req, reply) => {
      const { token, info } = await auth.enableTotp(req.ctx, req.auth, req.body.code, req.headers['user-agent'] ?? null);
      if (token) setSessionCookie(req, reply, token);
      return info;
    },
  );

  app.get(
    '/auth/session',
    { config: { action: 'self', mfaStep: true }, schema: { tags: ['auth'], summary: 'Phiên đăng nhập hiện tại', response: { 200: SessionInfo } } },
    async (req) => auth.currentSessionInfo(req.ctx, req.auth),
  );

  app.post(
    '/auth/logout',
    { config: { action: 'self', mfaStep: true }, schema: { tags: ['auth'], summary: 'Đăng xuất', response: { 200: Ok } } },
    async (req, reply) => {
      await auth.logout(req.ctx, req.auth);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.post(
    '/auth/password',
    {
      config: { action: 'self', rateLimit: strict },
      schema: { tags: ['auth'], summary: 'Đổi mật khẩu của mình', body: ChangePasswordBody, response: { 200: Ok } },
    },
    async (req) => {
      await auth.changePassword(req.ctx, req.auth, req.body);
      return { ok: true as const };
    },
  );

  app.patch(
    '/me',
    { config: { action: 'self' }, schema: { tags: ['auth'], summary: 'Cập nhật thông tin cá nhân', body: UpdateProfileBody, response: { 200: SessionInfo } } },
    async (req, reply) => {
      const info = await auth.updateProfile(req.ctx, req.auth, req.body);
      if (req.body.locale) reply.setCookie(LOCALE_COOKIE, req.body.locale, { path: '/', sameSite: 'lax', maxAge: 31_536_000 });
      return info;
    },
  );

  app.post(
    '/locale',
    { config: { action: 'public' }, schema: { tags: ['auth'], summary: 'Chọn ngôn ngữ giao diện', body: SetLocaleBody, response: { 200: Ok } } },
    async (req, reply) => {
      reply.setCookie(LOCALE_COOKIE, req.body.locale, { path: '/', sameSite: 'lax', maxAge: 31_536_000 });
      return { ok: true as const };
    },
  );
};

import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { IdParams } from '@shared/api/common';
import { ApiToken, ApiTokenList, CreateTokenBody, CreatedToken } from '@shared/api/tokens';
import * as svc from './tokens.service';

/** API tokens for machine clients: scoped to an organisation subtree and a list of actions, hashed at rest, revocable. */
export const tokenRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['tokens'];
  app.get('/', { config: { action: 'token.manage' }, schema: { tags, summary: 'Mã truy cập API', response: { 200: ApiTokenList } } }, async (req) => {
    const items = await svc.listTokens(req.ctx);
    return { items, total: items.length };
  });
  app.post('/', { config: { action: 'token.manage' }, schema: { tags, summary: 'Cấp mã truy cập API', body: CreateTokenBody, response: { 200: CreatedToken } } }, (req) =>
    svc.createToken(req.ctx, req.body),
  );
  app.post('/:id/revoke', { config: { action: 'token.manage' }, schema: { tags, summary: 'Thu hồi mã truy cập API', params: IdParams, response: { 200: ApiToken } } }, (req) =>
    svc.revokeToken(req.ctx, req.params.id),
  );
};

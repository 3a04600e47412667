import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod';
import { IdParams, Ok } from '@shared/api/common';
import { AddRoleBody, CreateUserBody, ListUsersQuery, ResetPasswordBody, RoleParams, UpdateUserBody, User, UserList } from '@shared/api/users';
import * as svc from './users.service';

export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['users'];
  app.get('/', { config: { action: 'user.read' }, schema: { tags, summary: 'Danh sách người dùng', querystring: ListUsersQuery, response: { 200: UserList } } }, (req) =>
    svc.listUsers(req.ctx, req.query),
  );
  app.get('/:id', { config: { action: 'user.read' }, schema: { tags, summary: 'Một người dùng', params: IdParams, response: { 200: User } } }, (req) =>
    svc.getUser(req.ctx, req.params.id),
  );
  app.post('/', { config: { action: 'user.manage' }, schema: { tags, summary: 'Thêm người dùng', body: CreateUserBody, response: { 200: User } } }, (req) =>
    svc.createUser(req.ctx, req.body),
  );
  app.patch(
    '/:id',
    { config: { action: 'user.manage' }, schema: { tags, summary: 'Sửa người dùng', params: IdParams, body: UpdateUserBody, response: { 200: User } } },
    (req) => svc.updateUser(req.ctx, req.params.id, req.body),
  );
  app.post(
    '/:id/reset-password',
    { config: { action: 'user.manage' }, schema: { tags, summary: 'Đặt lại mật khẩu', params: IdParams, body: ResetPasswordBody, response: { 200: Ok } } },
    async (req) => {
      await svc.resetPassword(req.ctx, req.params.id, req.body);
      return { ok: true as const };
    },
  );
  app.post('/:id/unlock', { config: { action: 'user.manage' }, schema: { tags, summary: 'Mở khóa tài khoản', params: IdParams, response: { 200: User } } }, (req) =>
    svc.unlockUser(req.ctx, req.params.id),
  );
  app.post(
    '/:id/roles',
    { config: { action: 'user.manage' }, schema: { tags, summary: 'Gán vai trò', params: IdParams, body: AddRoleBody, response: { 200: User } } },
    (req) => svc.addRole(req.ctx, req.params.id, req.body),
  );
  app.delete(
    '/:id/roles/:assignmentId',
    { config: { action: 'user.manage' }, schema: { tags, summary: 'Bỏ vai trò', params: RoleParams, response: { 200: User } } },
    (req) => svc.removeRole(req.ctx, req.params.id, req.params.assignmentId),
  );
};

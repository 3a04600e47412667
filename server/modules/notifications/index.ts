export { notify, notifyMany, type NotifyInput, type NotifyManyInput } from './notifications.service';
export { notificationRoutes } from './notifications.routes';

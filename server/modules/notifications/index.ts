export { notify, type NotifyInput } from './notifications.service';
export { notificationRoutes } from './notifications.routes';

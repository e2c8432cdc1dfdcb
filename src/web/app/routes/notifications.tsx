import { PageHeading } from '#web/components/feedback.tsx';
import { NotificationList } from '#web/features/notifications/components/notification-list.tsx';

export default function NotificationsPage() {
  return (
    <section className="page">
      <PageHeading>Notifications</PageHeading>
      <NotificationList />
    </section>
  );
}

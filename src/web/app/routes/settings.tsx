import { PageHeading } from '#web/components/feedback.tsx';
import { NotificationSettingsForm } from '#web/features/notifications/components/notification-settings-form.tsx';
import { ChangePasswordForm } from '#web/features/settings/components/change-password-form.tsx';
import { Link } from 'react-router';
import { MyDataDownload } from '#web/features/privacy/components/my-data-download.tsx';
import { MyErasureRequest } from '#web/features/privacy/components/my-erasure-request.tsx';
import { useSession } from '#web/features/session/api/session.ts';
import { SessionList } from '#web/features/settings/components/session-list.tsx';

// Forms read best at a line's length, while the device table uses the page's full width.
const formWidth = { maxWidth: '32rem' };

export default function SettingsPage() {
  const session = useSession();
  return (
    <>
      <div className="page">
        <PageHeading>Settings</PageHeading>
        <section aria-labelledby="change-password-heading" style={formWidth}>
          <h2 id="change-password-heading">Change password</h2>
          <p className="muted">Changing your password signs you out on every other device.</p>
          <ChangePasswordForm />
        </section>
        <section id="notifications" aria-labelledby="email-notifications-heading" style={formWidth}>
          <h2 id="email-notifications-heading">Notifications</h2>
          <p className="muted">
            Choose how each kind of notification reaches you: by email at once, in a digest, in Trellis only,
            or not at all.
          </p>
          <NotificationSettingsForm />
        </section>
        <section aria-labelledby="my-data-heading" style={formWidth}>
          <h2 id="my-data-heading">Your data</h2>
          <p>
            <Link to="/data-protection">How Trellis protects your data</Link>: where it lives, what is kept
            and for how long.
          </p>
          <MyDataDownload />
        </section>
        <section aria-labelledby="erasure-heading" style={formWidth}>
          <h2 id="erasure-heading">Erase your account</h2>
          {session.data && <MyErasureRequest email={session.data.user.email} />}
        </section>
      </div>
      <section className="page" aria-labelledby="devices-heading">
        <h2 id="devices-heading">Where you’re signed in</h2>
        <p className="muted">Sign out of any device you do not recognise, then change your password.</p>
        <SessionList headingId="devices-heading" />
      </section>
    </>
  );
}

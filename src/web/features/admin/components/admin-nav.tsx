import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import { PageHeading } from '#web/components/feedback.tsx';

/** The links between the administration pages. */
export function AdminNav({ development = false }: { development?: boolean }) {
  return (
    <nav aria-label="Administration" className="admin-nav">
      <ul className="actions" style={{ listStyle: 'none', padding: 0, margin: '0 0 1rem' }}>
        <li>
          <NavLink to="/admin/people">People</NavLink>
        </li>
        <li>
          <NavLink to="/admin/schools">Schools</NavLink>
        </li>
        <li>
          <NavLink to="/admin/import">Import</NavLink>
        </li>
        <li>
          <NavLink to="/admin/roster-sync">Roster sync</NavLink>
        </li>
        <li>
          <NavLink to="/admin/audit">Audit log</NavLink>
        </li>
        <li>
          <NavLink to="/admin/jobs">Jobs</NavLink>
        </li>
        <li>
          <NavLink to="/admin/api-clients">API clients</NavLink>
        </li>
        <li>
          <NavLink to="/admin/lrs">Learning record store</NavLink>
        </li>
        <li>
          <NavLink to="/admin/sign-on">Single sign-on</NavLink>
        </li>
        <li>
          <NavLink to="/admin/data">Data and privacy</NavLink>
        </li>
        <li>
          <NavLink to="/admin/video">Lesson video</NavLink>
        </li>
        <li>
          <NavLink to="/admin/credit">Credit</NavLink>
        </li>
        <li>
          <NavLink to="/admin/message-reports">Reported messages</NavLink>
        </li>
        <li>
          <NavLink to="/networks">Networks</NavLink>
        </li>
        {development && (
          <li>
            <NavLink to="/dev/outbox">Mail outbox</NavLink>
          </li>
        )}
      </ul>
    </nav>
  );
}

/**
 * The frame of an administration page: its heading, the sub-navigation, and for anyone who is not a
 * district administrator a friendly explanation instead of the page (the server refuses them anyway).
 */
export function AdminPage({
  title,
  isAdmin,
  development,
  children,
}: {
  title: string;
  isAdmin: boolean;
  development?: boolean;
  children: ReactNode;
}) {
  return (
    <section className="page">
      <PageHeading>{title}</PageHeading>
      {isAdmin ? (
        <>
          <AdminNav development={development} />
          {children}
        </>
      ) : (
        <p>Only district administrators can use this page. If you need a change here, ask one of them.</p>
      )}
    </section>
  );
}

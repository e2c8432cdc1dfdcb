import { Link } from 'react-router';
import { EmptyState, ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { useLeaders } from '#web/features/pathways/api/pathways.ts';

/** Shared leadership: who leads what now, across the schools of the district and its networks. */
export default function LeadersPage() {
  const leaders = useLeaders();
  return (
    <section className="page">
      <p>
        <Link to="/pathways">Back to my pathways</Link>
      </p>
      <PageHeading>Who leads what</PageHeading>
      {leaders.isPending ? (
        <Loading />
      ) : leaders.error ? (
        <ErrorMessage error={leaders.error} />
      ) : leaders.data.data.length === 0 ? (
        <EmptyState title="No one holds a leadership role yet." />
      ) : (
        <div className="pathways-table">
          <table>
            <caption className="visually-hidden">Leadership roles held now</caption>
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col">Person</th>
                <th scope="col">School</th>
                <th scope="col">District</th>
                <th scope="col">Until</th>
              </tr>
            </thead>
            <tbody>
              {leaders.data.data.map((h) => (
                <tr key={h.id}>
                  <td>{h.title}</td>
                  <td>
                    <Link to={`/people/${h.userId}`}>{h.name}</Link>
                  </td>
                  <td>{h.schoolName ?? '—'}</td>
                  <td>{h.districtName}</td>
                  <td>{h.endsOn}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

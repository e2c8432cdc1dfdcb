import { EmptyState, ErrorMessage, Loading } from '#web/components/feedback.tsx';
import { TableWrap } from '#web/components/table-wrap.tsx';
import type { NetworkSummary } from '#shared/contracts/networks.ts';
import { useDistrictAdoption } from '../api/list-district-adoption.ts';

const share = (part: number, whole: number) => (whole === 0 ? '—' : `${Math.round((100 * part) / whole)}%`);

/** How far each member district has taken Trellis up: staff, sign-ins, recent activity, communities, posts. */
export function DistrictAdoption({ network }: { network: NetworkSummary }) {
  const adoption = useDistrictAdoption(network.id);
  const headingId = `adoption-${network.id}`;
  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId}>Adoption by district</h3>
      {adoption.isPending ? (
        <Loading label="Loading adoption…" />
      ) : adoption.isError ? (
        <ErrorMessage error={adoption.error} />
      ) : adoption.data.data.length === 0 ? (
        <EmptyState title="No member districts yet">
          Add a district to see how it takes Trellis up.
        </EmptyState>
      ) : (
        <TableWrap label={`Adoption in ${network.name}`}>
          <table>
            <caption className="visually-hidden">
              Adoption of Trellis by each district of {network.name}
            </caption>
            <thead>
              <tr>
                <th scope="col">District</th>
                <th scope="col">Staff</th>
                <th scope="col">Signed in at least once</th>
                <th scope="col">Active in the last 30 days</th>
                <th scope="col">Communities</th>
                <th scope="col">Posts in the last 30 days</th>
              </tr>
            </thead>
            <tbody>
              {adoption.data.data.map((d) => (
                <tr key={d.id}>
                  <th scope="row">{d.name}</th>
                  <td>{d.staff}</td>
                  <td>
                    {d.signedIn} ({share(d.signedIn, d.staff)})
                  </td>
                  <td>
                    {d.activeRecently} ({share(d.activeRecently, d.staff)})
                  </td>
                  <td>{d.communities}</td>
                  <td>{d.posts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

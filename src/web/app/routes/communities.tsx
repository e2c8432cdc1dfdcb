import { Link, useSearchParams } from 'react-router';
import { COMMUNITY_KIND_LABELS, COMMUNITY_KINDS } from '#shared/contracts/communities.ts';
import { GRADE_BANDS, SUBJECTS } from '#shared/contracts/profiles.ts';
import { EmptyState, ErrorMessage, PageHeading } from '#web/components/feedback.tsx';
import { FilterForm, OptionSelect } from '#web/components/filter-form.tsx';
import { LoadMore, ResultCount } from '#web/components/paged-list.tsx';
import { type CommunitySearch, useCommunityList } from '#web/features/communities/api/list-communities.ts';
import { CommunityCard } from '#web/features/communities/components/community-card.tsx';
import { ApiError } from '#web/lib/api-client.ts';

const FIELDS = ['q', 'kind', 'subject', 'gradeBand', 'mine'] as const;

/** Browse and search the communities one may see, and start a new one. */
export default function CommunitiesPage() {
  const [params, setParams] = useSearchParams();
  const search: CommunitySearch = {};
  for (const field of FIELDS) {
    const value = params.get(field);
    if (value) search[field] = value;
  }
  const results = useCommunityList(search);
  const communities = results.data?.pages.flatMap((page) => page.data) ?? [];
  const count = communities.length;

  return (
    <section className="page">
      <div className="community-heading">
        <PageHeading>Communities</PageHeading>
        <Link to="/communities/new" className="button">
          Create a community
        </Link>
      </div>
      <p className="muted">
        Professional learning communities, networks and teams across your district and network.
      </p>
      <FilterForm
        key={params.toString()}
        label="Search communities"
        fields={FIELDS}
        queryLabel="Search by name, purpose or focus"
        query={search.q}
        queryError={results.error instanceof ApiError ? results.error.fieldError('q') : undefined}
        submitLabel="Search communities"
        onSearch={setParams}
        onClear={() => setParams({})}
        extra={
          <label className="checkbox">
            <input type="checkbox" name="mine" value="1" defaultChecked={search.mine === '1'} /> Only my
            communities (including invitations and requests)
          </label>
        }
      >
        <OptionSelect
          label="Kind"
          name="kind"
          anyLabel="Any kind"
          options={COMMUNITY_KINDS}
          labels={COMMUNITY_KIND_LABELS}
          defaultValue={search.kind}
        />
        <OptionSelect
          label="Subject"
          name="subject"
          anyLabel="Any subject"
          options={SUBJECTS}
          defaultValue={search.subject}
        />
        <OptionSelect
          label="Grade band"
          name="gradeBand"
          anyLabel="Any grade band"
          options={GRADE_BANDS}
          defaultValue={search.gradeBand}
        />
      </FilterForm>
      <h2>Results</h2>
      <ResultCount
        query={results}
        count={count}
        none="No community matches."
        one="community"
        many="communities"
      />
      {results.isPending ? null : results.isError ? (
        <ErrorMessage error={results.error} />
      ) : count === 0 ? (
        <EmptyState title="No communities found">
          <p>
            Try fewer filters or another word — or <Link to="/communities/new">create a community</Link> for
            the work you want to do together.
          </p>
        </EmptyState>
      ) : (
        <ul className="grid community-list">
          {communities.map((community) => (
            <li key={community.id}>
              <CommunityCard community={community} />
            </li>
          ))}
        </ul>
      )}
      <LoadMore query={results} noun="communities" />
    </section>
  );
}

import { Link } from 'react-router';
import type { ProfileView } from '#shared/contracts/profiles.ts';

const bareList = { listStyle: 'none', padding: 0, margin: 0 } as const;

/** One person in a list: photo, name (linking to the profile), role, school and district, tags. */
export function PersonCard({ person, headingLevel = 3 }: { person: ProfileView; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const place = [person.school?.name, person.district?.name].filter(Boolean).join(', ');
  return (
    <article className="card">
      <div className="actions">
        {person.photoUrl ? (
          <img className="avatar" src={person.photoUrl} alt="" width={64} height={64} loading="lazy" />
        ) : (
          <span className="avatar" aria-hidden="true" />
        )}
        <div>
          <Heading style={{ margin: 0, fontSize: '1.1rem' }}>
            <Link to={`/people/${person.id}`}>{person.name}</Link>
          </Heading>
          {person.pronouns && <p className="muted">{person.pronouns}</p>}
        </div>
      </div>
      {person.roleTitle && <p>{person.roleTitle}</p>}
      {place && <p className="muted">{place}</p>}
      {!!person.subjects?.length && (
        <p>
          <span className="visually-hidden">Subjects: </span>
          {person.subjects.join(' · ')}
          {!!person.gradeBands?.length && (
            <span className="muted"> — grades {person.gradeBands.join(', ')}</span>
          )}
        </p>
      )}
      {!!person.expertise?.length && (
        <ul aria-label="Expertise" style={bareList}>
          {person.expertise.map((tag) => (
            <li key={tag} className="tag">
              {tag}
            </li>
          ))}
        </ul>
      )}
      {(person.openToMentoring || person.seekingMentor) && (
        <p className="muted">
          {[person.openToMentoring && 'Open to mentoring', person.seekingMentor && 'Looking for a mentor']
            .filter(Boolean)
            .join(' · ')}
        </p>
      )}
    </article>
  );
}

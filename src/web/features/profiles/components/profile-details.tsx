import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { ProfileView } from '#shared/contracts/profiles.ts';

/** A person's profile page body: only the fields the server sent (the ones this viewer may see). */
export function ProfileDetails({ person, canEdit }: { person: ProfileView; canEdit: boolean }) {
  // Itinerant staff belong to several schools: each is named, the main one first.
  const schools = person.schools?.length ? person.schools.map((s) => s.name) : [person.school?.name];
  const place = [...schools, person.district?.name].filter(Boolean).join(', ');
  const rows: Array<[string, ReactNode]> = [];
  if (person.email)
    rows.push([
      'Email',
      <a key="email" href={`mailto:${person.email}`}>
        {person.email}
      </a>,
    ]);
  if (person.subjects?.length) rows.push(['Subjects', person.subjects.join(', ')]);
  if (person.gradeBands?.length) rows.push(['Grade bands', person.gradeBands.join(', ')]);
  if (person.yearsInEducation != null) rows.push(['Years in education', String(person.yearsInEducation)]);
  if (person.openToMentoring !== undefined)
    rows.push([
      'Mentoring',
      [person.openToMentoring && 'Open to mentoring', person.seekingMentor && 'Looking for a mentor']
        .filter(Boolean)
        .join(' · ') || 'Not at the moment',
    ]);
  return (
    <div>
      <div className="actions">
        {person.photoUrl && (
          <img
            className="avatar avatar--large"
            src={person.photoUrl}
            alt={person.name}
            width={128}
            height={128}
          />
        )}
        <div>
          {person.pronouns && <p className="muted">{person.pronouns}</p>}
          {person.roleTitle && <p>{person.roleTitle}</p>}
          {place && <p className="muted">{place}</p>}
        </div>
      </div>
      {canEdit && (
        <p>
          <Link to="/profile" className="button button--secondary">
            Edit my profile
          </Link>
        </p>
      )}
      {person.bio && (
        <>
          <h2>About</h2>
          {/* Plain text, shown as text: line breaks kept, never read as HTML. */}
          <p style={{ whiteSpace: 'pre-line' }}>{person.bio}</p>
        </>
      )}
      {rows.length > 0 && (
        <>
          <h2>Details</h2>
          <dl>
            {rows.map(([label, value]) => (
              <div key={label}>
                <dt className="muted">{label}</dt>
                <dd style={{ margin: '0 0 0.75rem' }}>{value}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      {!!person.expertise?.length && (
        <>
          <h2>Expertise</h2>
          <ul style={{ listStyle: 'none', padding: 0 }}>
            {person.expertise.map((tag) => (
              <li key={tag} className="tag">
                {tag}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

import { Link } from 'react-router';
import type { Member } from '#shared/contracts/communities.ts';

/** A member's name (linking to their profile), role in the community, title, school and district. */
export function MemberSummary({ member }: { member: Member }) {
  const place = [member.school?.name, member.district.name].filter(Boolean).join(', ');
  return (
    <div className="member-summary">
      <p className="member-summary__name">
        <Link to={`/people/${member.id}`}>{member.name}</Link>
        {member.role === 'facilitator' && member.status === 'active' && (
          <span className="tag">Facilitator</span>
        )}
      </p>
      {member.roleTitle && <p>{member.roleTitle}</p>}
      <p className="muted">{place}</p>
    </div>
  );
}

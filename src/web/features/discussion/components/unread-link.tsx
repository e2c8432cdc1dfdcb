import '#web/components/composer.css';
import { NavLink } from 'react-router';
import { useUnreadCounts } from '../api/reading.ts';

/** "Unread" in the main navigation, with how many new posts wait across my communities. */
export function UnreadLink() {
  const counts = useUnreadCounts();
  const total = counts.data?.totalPosts ?? 0;
  return (
    <NavLink to="/unread">
      Unread
      {total > 0 && (
        <span className="nav-count">
          {' '}
          {total > 99 ? '99+' : total}
          <span className="visually-hidden"> new posts</span>
        </span>
      )}
    </NavLink>
  );
}

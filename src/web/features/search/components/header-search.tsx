import { useId } from 'react';
import { Form, useLocation } from 'react-router';

/** The search box in the header: a GET form to /search?q=, navigating within the app; it finds every kind of thing. */
export function HeaderSearch() {
  const id = useId();
  const location = useLocation();
  const current =
    location.pathname === '/search' ? (new URLSearchParams(location.search).get('q') ?? '') : '';
  return (
    <Form method="get" action="/search" role="search" aria-label="Site search" className="header-search">
      <label htmlFor={id} className="visually-hidden">
        Search Trellis
      </label>
      <input
        id={id}
        key={current}
        type="search"
        name="q"
        defaultValue={current}
        placeholder="Search Trellis"
        maxLength={200}
        required
      />
      <button type="submit" className="button button--secondary header-search__button">
        <svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="18" height="18">
          <circle cx="10" cy="10" r="6.5" fill="none" stroke="currentColor" strokeWidth="2.5" />
          <path d="M15 15l6 6" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
        </svg>
        <span className="visually-hidden">Search</span>
      </button>
    </Form>
  );
}

import { useId } from 'react';
import { Form, useLocation } from 'react-router';

/** The search box in the header: a GET form to /search?q=, navigating within the app. */
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
      <button type="submit" className="button button--secondary">
        Search
      </button>
    </Form>
  );
}

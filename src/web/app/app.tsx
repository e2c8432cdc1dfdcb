import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { ApiError, setUnauthenticatedHandler } from '#web/lib/api-client.ts';
import { router } from './router.tsx';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
  queryCache: new QueryCache(),
});

setUnauthenticatedHandler(() => {
  queryClient.setQueryData(['session'], null);
  const here = window.location.pathname + window.location.search;
  if (!window.location.pathname.startsWith('/sign-in'))
    void router.navigate(`/sign-in?next=${encodeURIComponent(here)}`);
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}

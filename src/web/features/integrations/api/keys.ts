/** Query keys of the district's API clients, so writes refresh the list they change. */
export const integrationKeys = {
  apiClients: ['integrations', 'api-clients'] as const,
};

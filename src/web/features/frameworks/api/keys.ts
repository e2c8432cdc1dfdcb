/** Query keys of frameworks and competencies, so writes refresh exactly what they change. */
export const frameworkKeys = {
  all: ['frameworks'] as const,
  lists: ['frameworks', 'list'] as const,
  options: ['frameworks', 'options'] as const,
  detail: (id: string) => ['frameworks', 'detail', id] as const,
  competencies: ['frameworks', 'competencies'] as const,
};

/** Chooses competencies (from frameworks the person may see) to align something to. */
export function CompetencyPicker(_props: {
  /** Ids of the chosen competencies. */
  value: string[];
  onChange: (ids: string[]) => void;
  label?: string;
}) {
  return null;
}

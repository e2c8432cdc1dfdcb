export default function ResourceChangesPage() {
  return null;
}

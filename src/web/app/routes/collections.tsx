export default function CollectionsPage() {
  return null;
}

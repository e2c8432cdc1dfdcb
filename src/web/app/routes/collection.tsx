export default function CollectionPage() {
  return null;
}

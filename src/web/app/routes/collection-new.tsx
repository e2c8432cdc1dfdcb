export default function CollectionNewPage() {
  return null;
}
